// SPDX-License-Identifier: GPL-2.0
/*
 * Watchdog pretimeout governor: wake the monitoring daemon.  The RCU
 * section is a scoped guard, and the wakeup comes after its block.
 */
#include <linux/sched.h>
#include <linux/rcupdate.h>
#include <linux/cleanup.h>
#include <linux/pid.h>

struct wdmon {
	struct pid *daemon;
	unsigned long wakeups;
};

void wdmon_notify(struct wdmon *m)
{
	struct task_struct *t = NULL;

	scoped_guard(rcu) {
		t = pid_task(m->daemon, PIDTYPE_PID);
	}
	if (t && wake_up_process(t)) /* expect: task-after-rcu-unlock */
		m->wakeups++;
}
