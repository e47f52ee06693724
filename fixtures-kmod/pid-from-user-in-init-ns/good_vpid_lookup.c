// SPDX-License-Identifier: GPL-2.0
/*
 * Realtime audio helper, fixed: the tid is looked up in the caller's
 * namespace.
 */
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/rcupdate.h>
#include <linux/uaccess.h>

int rtag_boost_thread(void __user *argp)
{
	struct task_struct *t;
	pid_t tid;

	if (get_user(tid, (pid_t __user *)argp))
		return -EFAULT;
	rcu_read_lock();
	t = find_task_by_vpid(tid);
	if (t)
		get_task_struct(t);
	rcu_read_unlock();
	if (!t)
		return -ESRCH;
	sched_set_fifo_low(t);
	put_task_struct(t);
	return 0;
}
