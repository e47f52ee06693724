// SPDX-License-Identifier: GPL-2.0
/*
 * Accounting hook: the lookup's result is copied into a pointer declared
 * after the unlock, and that copy is read.
 */
#include <linux/sched.h>
#include <linux/rcupdate.h>
#include <linux/pid.h>

u64 acct_runtime_of(struct pid *pid)
{
	struct task_struct *t;

	rcu_read_lock();
	t = pid_task(pid, PIDTYPE_TGID);
	rcu_read_unlock();
	if (!t)
		return 0;
	{
		struct task_struct *leader = t;

		return leader->se.sum_exec_runtime; /* expect: task-after-rcu-unlock */
	}
}
