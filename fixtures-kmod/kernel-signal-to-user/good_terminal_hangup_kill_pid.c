// SPDX-License-Identifier: GPL-2.0
/*
 * Full-screen view of a block-mode terminal.  When the terminal is lost
 * (the channel fails, the view is released) the process that owns the
 * view gets SIGHUP, as a tty's session would: a hang-up in the meaning
 * POSIX gives it, not reported.
 */
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/sched/signal.h>

struct bmterm_view {
	struct pid *owner;
	int channel_ok;
};

void bmterm_channel_failed(struct bmterm_view *v)
{
	v->channel_ok = 0;
	if (v->owner)
		kill_pid(v->owner, SIGHUP, 1);
}

void bmterm_attach(struct bmterm_view *v)
{
	v->owner = get_pid(task_pid(current));
	v->channel_ok = 1;
}

void bmterm_release(struct bmterm_view *v)
{
	if (v->owner)
		kill_pid(v->owner, SIGHUP, 1);
	put_pid(v->owner);
	v->owner = NULL;
}
MODULE_LICENSE("GPL");
