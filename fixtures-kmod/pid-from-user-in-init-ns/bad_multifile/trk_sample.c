// SPDX-License-Identifier: GPL-2.0
/* trk: the sampling timer looks up the tracked process. */
#include <linux/sched/task.h>
#include <linux/pid_namespace.h>
#include "trk.h"

void trk_sample(void)
{
	struct task_struct *t;

	t = get_pid_task(find_pid_ns(READ_ONCE(trk_tracked_pid), &init_pid_ns), PIDTYPE_PID); /* expect: pid-from-user-in-init-ns */
	if (!t)
		return;
	pr_debug("trk: %s on cpu %d\n", t->comm, task_cpu(t));
	put_task_struct(t);
}
