// SPDX-License-Identifier: GPL-2.0
/*
 * A USB char device: release() waits, with no time limit, for the last
 * interrupt-out transfer, then frees the buffer the URB sends from. The VFS
 * ignores what release() returns, and the last close usually happens while
 * the process exits with SIGKILL pending: the interruptible wait returns at
 * once and the buffer is freed under the transfer.
 */
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/usb.h>
#include <linux/wait.h>

struct brl_dev {
	struct usb_device *udev;
	struct urb *out_urb;
	u8 *out_buf;
	wait_queue_head_t write_wait;
	bool out_busy;
	int open_count;
	struct mutex lock;
};

static int brl_release(struct inode *inode, struct file *file)
{
	struct brl_dev *dev = file->private_data;

	mutex_lock(&dev->lock);
	if (dev->out_busy)
		wait_event_interruptible(dev->write_wait, !dev->out_busy); /* expect: wait-event-result-ignored */
	kfree(dev->out_buf);
	dev->out_buf = NULL;
	dev->open_count = 0;
	mutex_unlock(&dev->lock);
	return 0;
}

static int brl_open(struct inode *inode, struct file *file)
{
	return 0;
}

static const struct file_operations brl_fops = {
	.owner = THIS_MODULE,
	.open = brl_open,
	.release = brl_release,
};
