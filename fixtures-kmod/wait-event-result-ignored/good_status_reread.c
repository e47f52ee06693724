// SPDX-License-Identifier: GPL-2.0
/*
 * After the sleep the code tests the condition again in another form: the
 * status word is read into a local and checked, or the flag is returned.
 */
#include <linux/fs.h>
#include <linux/wait.h>

struct srr_dev {
	wait_queue_head_t wq;
	u32 status;
	bool link;
};

#define SRR_DONE 0x1

static ssize_t srr_read(struct file *file, char __user *buf, size_t len, loff_t *pos)
{
	struct srr_dev *dev = file->private_data;
	u32 status;

	wait_event_interruptible_timeout(dev->wq, dev->status & SRR_DONE, HZ);
	status = dev->status;
	if (!(status & SRR_DONE))
		return -EAGAIN;
	return 0;
}

static int srr_link_wait(struct srr_dev *dev)
{
	wait_event_interruptible(dev->wq, dev->link);
	return dev->link ? 0 : -ENOLINK;
}

const struct file_operations srr_fops = {
	.read = srr_read,
};
