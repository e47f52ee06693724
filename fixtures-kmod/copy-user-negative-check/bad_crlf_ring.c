// SPDX-License-Identifier: GPL-2.0
/*
 * ncrl: ring buffer status ioctl.  This file uses CRLF line endings on
 * purpose; the marked line numbers must not shift because of them.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

struct ncrl_status {
	u32 head;
	u32 tail;
	u32 size;
};

#define NCRL_IOC_STATUS	_IOR('R', 1, struct ncrl_status)

static struct ncrl_status ncrl_ring = { .size = 4096 };
static DEFINE_SPINLOCK(ncrl_lock);

static long ncrl_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ncrl_status st;

	if (cmd != NCRL_IOC_STATUS)
		return -ENOTTY;

	spin_lock(&ncrl_lock);
	st = ncrl_ring;
	spin_unlock(&ncrl_lock);

	if (copy_to_user((void __user *)arg, &st, sizeof(st)) < 0) /* expect: copy-user-negative-check */
		return -EFAULT;
	return 0;
}

const struct file_operations ncrl_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= ncrl_ioctl,
	.llseek		= noop_llseek,
};
