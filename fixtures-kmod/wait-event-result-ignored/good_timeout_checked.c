// SPDX-License-Identifier: GPL-2.0
/*
 * The timeout variant: negative is a signal, 0 a timeout.
 */
#include <linux/fs.h>
#include <linux/wait.h>

struct gtc_dev {
	wait_queue_head_t wq;
	bool acked;
};

static int gtc_flush(struct file *file, fl_owner_t id)
{
	struct gtc_dev *d = file->private_data;
	long left;

	left = wait_event_interruptible_timeout(d->wq, d->acked, msecs_to_jiffies(500));
	if (left < 0)
		return left;
	if (!left)
		return -ETIMEDOUT;
	return 0;
}

const struct file_operations gtc_fops = {
	.flush = gtc_flush,
};
