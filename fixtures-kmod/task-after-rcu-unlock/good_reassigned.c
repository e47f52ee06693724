// SPDX-License-Identifier: GPL-2.0
/*
 * Profiling unit: check that a pid exists first, then take a counted
 * reference through the pid; the RCU pointer is overwritten before use.
 */
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/rcupdate.h>
#include <linux/pid.h>

int prof_attach(pid_t nr)
{
	struct task_struct *t;
	struct pid *pid;

	rcu_read_lock();
	t = find_task_by_vpid(nr);
	rcu_read_unlock();
	if (!t)
		return -ESRCH;

	pid = find_get_pid(nr);
	t = get_pid_task(pid, PIDTYPE_PID);
	put_pid(pid);
	if (!t)
		return -ESRCH;
	pr_debug("prof: attach to %s\n", t->comm);
	put_task_struct(t);
	return 0;
}
