// SPDX-License-Identifier: GPL-2.0
/*
 * The wait condition is a predicate on the device; the `if` after the
 * wait tests another field of the same device, which tells nothing about
 * whether the sleep ended on a signal.
 */
#include <linux/fs.h>
#include <linux/wait.h>

struct utd_dev {
	wait_queue_head_t wq;
	unsigned int pending;
	bool verbose;
};

static bool utd_idle(struct utd_dev *dev)
{
	return !dev->pending;
}

static long utd_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct utd_dev *dev = file->private_data;

	wait_event_interruptible(dev->wq, utd_idle(dev)); /* expect: wait-event-result-ignored */
	if (dev->verbose)
		pr_info("utd: idle\n");
	return 0;
}

const struct file_operations utd_fops = {
	.unlocked_ioctl = utd_ioctl,
};
