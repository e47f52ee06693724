// SPDX-License-Identifier: GPL-2.0
/*
 * The forum's write(): start the operation, sleep until it completes.
 * A signal ends the sleep early and write() reports success anyway.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/wait.h>
#include <linux/uaccess.h>

struct seedw_dev {
	wait_queue_head_t wq;
	bool done;
	u8 cmd;
};

static ssize_t seedw_write(struct file *file, const char __user *buffer, size_t length,
			   loff_t *offset)
{
	struct seedw_dev *dev = file->private_data;

	if (length < 1)
		return -EINVAL;
	if (get_user(dev->cmd, buffer))
		return -EFAULT;
	dev->done = false;
	wait_event_interruptible(dev->wq, dev->done); /* expect: wait-event-result-ignored */
	return length;
}

void seedw_complete(struct seedw_dev *dev)
{
	dev->done = true;
	wake_up_interruptible(&dev->wq);
}

const struct file_operations seedw_fops = {
	.owner = THIS_MODULE,
	.write = seedw_write,
};
