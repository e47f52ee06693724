// SPDX-License-Identifier: GPL-2.0
/*
 * The usual shapes: tested directly, or through a variable.
 */
#include <linux/fs.h>
#include <linux/wait.h>
#include <linux/uaccess.h>

struct gt_dev {
	wait_queue_head_t wq;
	bool have_data;
	u32 data;
};

static ssize_t gt_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct gt_dev *d = file->private_data;
	int ret;

	if (file->f_flags & O_NONBLOCK) {
		if (!d->have_data)
			return -EAGAIN;
	} else if (wait_event_interruptible(d->wq, d->have_data)) {
		return -ERESTARTSYS;
	}
	ret = wait_event_killable(d->wq, d->have_data);
	if (ret < 0)
		return ret;
	if (copy_to_user(buf, &d->data, sizeof(d->data)))
		return -EFAULT;
	return sizeof(d->data);
}

const struct file_operations gt_fops = {
	.read = gt_read,
};
