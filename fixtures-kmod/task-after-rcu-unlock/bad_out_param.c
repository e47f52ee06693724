// SPDX-License-Identifier: GPL-2.0
/*
 * Tracing backend: resolve a pid for the caller through an out
 * parameter; the caller gets a pointer whose RCU section is over.
 */
#include <linux/sched.h>
#include <linux/rcupdate.h>
#include <linux/pid.h>

static int tbe_resolve(struct pid *pid, struct task_struct **taskp)
{
	struct task_struct *t;

	rcu_read_lock();
	t = pid_task(pid, PIDTYPE_PID);
	rcu_read_unlock();
	if (!t)
		return -ESRCH;
	*taskp = t; /* expect: task-after-rcu-unlock */
	return 0;
}

int tbe_task_cpu(struct pid *pid)
{
	struct task_struct *t;
	int ret = tbe_resolve(pid, &t);

	return ret ? ret : task_cpu(t);
}
