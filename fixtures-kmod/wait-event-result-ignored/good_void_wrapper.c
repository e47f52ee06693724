// SPDX-License-Identifier: GPL-2.0
/*
 * A void helper that only sleeps: its callers look at the state.
 */
#include <linux/fs.h>
#include <linux/wait.h>

struct gvw_event {
	wait_queue_head_t wq;
	int done;
};

static void gvw_wait(struct gvw_event *ev)
{
	/* Wait for the event to pass */
	wait_event_interruptible(ev->wq, ev->done);
}

static long gvw_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct gvw_event *ev = file->private_data;

	gvw_wait(ev);
	if (!ev->done)
		return -EINTR;
	return 0;
}

const struct file_operations gvw_fops = {
	.unlocked_ioctl = gvw_ioctl,
};
