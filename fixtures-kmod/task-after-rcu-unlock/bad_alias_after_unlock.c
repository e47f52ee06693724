// SPDX-License-Identifier: GPL-2.0
/*
 * Trace helper: find the thread group leader of a pid and report its
 * start time; the leader pointer outlives the RCU section.
 */
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/rcupdate.h>

u64 trc_group_start_time(pid_t nr)
{
	struct task_struct *p, *leader = NULL;

	rcu_read_lock();
	p = find_task_by_vpid(nr);
	if (p)
		leader = p;
	rcu_read_unlock();

	if (!leader)
		return 0;
	return leader->group_leader->start_time; /* expect: task-after-rcu-unlock */
}
