// SPDX-License-Identifier: GPL-2.0
/*
 * Trace helper: find the first live thread of a list of pids, copy its
 * scheduling policy under the lock, then read its priority through a
 * parenthesized pointer once the RCU section has ended.
 */
#include <linux/sched.h>
#include <linux/rcupdate.h>
#include <linux/pid.h>

struct trc_prio {
	int policy;
	int prio;
};

int trc_first_prio(const pid_t *nrs, int n, struct trc_prio *out)
{
	struct task_struct *found = NULL;
	int i;

	rcu_read_lock();
	for (i = 0; i < n && !found; i++) {
		struct task_struct *t = find_task_by_vpid(nrs[i]);

		if (t && !(t->flags & PF_EXITING)) {
			found = t;
			out->policy = t->policy;
		}
	}
	rcu_read_unlock();
	if (!found)
		return -ESRCH;
	out->prio = (found)->prio; /* expect: task-after-rcu-unlock */
	return 0;
}
