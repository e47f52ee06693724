// SPDX-License-Identifier: GPL-2.0
/*
 * The wait runs with the device mutex held: the fix is not a bare
 * `return ret` (that would return with the mutex held) but leaving
 * through the label that unlocks it.
 */
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/wait.h>

struct mhd_dev {
	struct mutex io_lock;
	wait_queue_head_t wq;
	bool ready;
	u8 buf[64];
};

static ssize_t mhd_read(struct file *file, char __user *ubuf, size_t len, loff_t *pos)
{
	struct mhd_dev *dev = file->private_data;
	ssize_t ret;

	mutex_lock(&dev->io_lock);
	wait_event_interruptible(dev->wq, dev->ready); /* expect: wait-event-result-ignored */
	ret = min_t(size_t, len, sizeof(dev->buf));
	if (copy_to_user(ubuf, dev->buf, ret))
		ret = -EFAULT;
	goto out_unlock;
out_unlock:
	mutex_unlock(&dev->io_lock);
	return ret;
}

const struct file_operations mhd_fops = {
	.read = mhd_read,
};
