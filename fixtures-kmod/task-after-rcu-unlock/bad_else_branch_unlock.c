// SPDX-License-Identifier: GPL-2.0
/*
 * CPU affinity helper for an offload engine: pin the submitting thread
 * to the engine's NUMA node.  Unlock in both arms, use in the first.
 */
#include <linux/sched.h>
#include <linux/cpumask.h>
#include <linux/rcupdate.h>
#include <linux/pid_namespace.h>

int offl_pin_submitter(pid_t nr, const struct cpumask *node_cpus)
{
	struct task_struct *task;
	int ret;

	rcu_read_lock();
	task = find_task_by_pid_ns(nr, task_active_pid_ns(current));
	if (task) {
		rcu_read_unlock();
		ret = set_cpus_allowed_ptr(task, node_cpus); /* expect: task-after-rcu-unlock */
	} else {
		rcu_read_unlock();
		ret = -ESRCH;
	}
	return ret;
}
