// SPDX-License-Identifier: GPL-2.0
/*
 * Scheduler hint driver: a lookup helper hands back a task pointer after
 * its own RCU section is over; the caller boosts the task.
 */
#include <linux/sched.h>
#include <linux/rcupdate.h>

static struct task_struct *hint_lookup(pid_t nr)
{
	struct task_struct *t;

	rcu_read_lock();
	t = find_task_by_vpid(nr);
	rcu_read_unlock();
	return t; /* expect: task-after-rcu-unlock */
}

int hint_boost(pid_t nr, int nice)
{
	struct task_struct *t = hint_lookup(nr);

	if (!t)
		return -ESRCH;
	set_user_nice(t, nice);
	return 0;
}
