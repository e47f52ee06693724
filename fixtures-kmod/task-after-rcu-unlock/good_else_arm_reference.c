// SPDX-License-Identifier: GPL-2.0
/*
 * Trace helper, fixed: the reference is taken in the arm that keeps the
 * task; the other arm only unlocks.
 */
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/rcupdate.h>

u64 trcg_start_time(pid_t nr)
{
	struct task_struct *p;
	u64 start = 0;

	rcu_read_lock();
	p = find_task_by_vpid(nr);
	if (p) {
		get_task_struct(p);
		rcu_read_unlock();
		start = p->start_time;
		put_task_struct(p);
	} else {
		rcu_read_unlock();
	}
	return start;
}
