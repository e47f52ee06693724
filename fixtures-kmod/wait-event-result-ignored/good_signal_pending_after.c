// SPDX-License-Identifier: GPL-2.0
/*
 * The result is not kept, but the function asks signal_pending() right
 * after the sleep and fails the call.
 */
#include <linux/fs.h>
#include <linux/wait.h>
#include <linux/sched/signal.h>

struct gsp_dev {
	wait_queue_head_t wq;
	bool space;
};

static ssize_t gsp_write(struct file *file, const char __user *buf, size_t count, loff_t *ppos)
{
	struct gsp_dev *d = file->private_data;

	wait_event_interruptible(d->wq, d->space);
	if (signal_pending(current))
		return -ERESTARTSYS;
	return count;
}

const struct file_operations gsp_fops = {
	.write = gsp_write,
};
