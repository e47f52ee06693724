// SPDX-License-Identifier: GPL-2.0
/*
 * Offload engine: pin the submitting thread.  The early-exit path unlocks
 * and returns; the main path takes a reference before unlocking.
 */
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/cpumask.h>
#include <linux/rcupdate.h>

int offlg_pin_submitter(pid_t nr, const struct cpumask *node_cpus)
{
	struct task_struct *task;
	int ret;

	rcu_read_lock();
	task = find_task_by_vpid(nr);
	if (!task) {
		rcu_read_unlock();
		return -ESRCH;
	}
	get_task_struct(task);
	rcu_read_unlock();

	ret = set_cpus_allowed_ptr(task, node_cpus);
	put_task_struct(task);
	return ret;
}
