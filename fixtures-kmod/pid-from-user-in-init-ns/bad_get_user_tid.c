// SPDX-License-Identifier: GPL-2.0
/*
 * Realtime audio helper: the application passes the tid of its audio
 * thread, the driver raises that thread's priority.  Reference counting
 * is right, the namespace is not.
 */
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/rcupdate.h>
#include <linux/uaccess.h>
#include <linux/pid_namespace.h>

int rta_boost_thread(void __user *argp)
{
	struct task_struct *t;
	pid_t tid;

	if (get_user(tid, (pid_t __user *)argp))
		return -EFAULT;
	rcu_read_lock();
	t = find_task_by_pid_ns(tid, &init_pid_ns); /* expect: pid-from-user-in-init-ns */
	if (t)
		get_task_struct(t);
	rcu_read_unlock();
	if (!t)
		return -ESRCH;
	sched_set_fifo_low(t);
	put_task_struct(t);
	return 0;
}
