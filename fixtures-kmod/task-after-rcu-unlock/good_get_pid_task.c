// SPDX-License-Identifier: GPL-2.0
/*
 * Watchdog monitor: the lookups that take a reference need no RCU
 * section around the use.
 */
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/pid.h>

struct wdmong {
	struct pid *daemon;
	pid_t helper_nr;
};

void wdmong_notify(struct wdmong *m)
{
	struct task_struct *t, *h;

	t = get_pid_task(m->daemon, PIDTYPE_PID);
	if (t) {
		wake_up_process(t);
		put_task_struct(t);
	}
	h = find_get_task_by_vpid(m->helper_nr);
	if (h) {
		wake_up_process(h);
		put_task_struct(h);
	}
}
