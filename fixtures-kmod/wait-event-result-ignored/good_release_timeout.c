// SPDX-License-Identifier: GPL-2.0
/*
 * A USB char device: release() gives the last interrupt-out transfer at most
 * two seconds, then kills the URBs. It carries on after a timeout already,
 * and the VFS ignores what release() returns: a signal (the process being
 * killed) only ends the grace period sooner, as a timeout would.
 */
#include <linux/fs.h>
#include <linux/usb.h>
#include <linux/wait.h>

struct blinkm_dev {
	struct usb_device *udev;
	struct urb *out_urb;
	wait_queue_head_t write_wait;
	bool out_busy;
	int open_count;
	struct mutex lock;
};

static int blinkm_release(struct inode *inode, struct file *file)
{
	struct blinkm_dev *dev = file->private_data;

	mutex_lock(&dev->lock);
	if (dev->out_busy)
		wait_event_interruptible_timeout(dev->write_wait, !dev->out_busy, 2 * HZ);
	usb_kill_urb(dev->out_urb);
	dev->open_count = 0;
	mutex_unlock(&dev->lock);
	return 0;
}

static int blinkm_open(struct inode *inode, struct file *file)
{
	return 0;
}

static const struct file_operations blinkm_fops = {
	.owner = THIS_MODULE,
	.open = blinkm_open,
	.release = blinkm_release,
};
