// SPDX-License-Identifier: GPL-2.0
/*
 * The helper returns the wait's result; the caller passes it on.
 */
#include <linux/fs.h>
#include <linux/wait.h>

struct gr_dev {
	wait_queue_head_t wq;
	bool ready;
};

static int gr_wait_ready(struct gr_dev *d)
{
	return wait_event_interruptible(d->wq, d->ready);
}

static int gr_open(struct inode *inode, struct file *file)
{
	struct gr_dev *d = file->private_data;
	int ret;

	ret = gr_wait_ready(d);
	if (ret)
		return ret;
	return 0;
}

const struct file_operations gr_fops = {
	.open = gr_open,
};
