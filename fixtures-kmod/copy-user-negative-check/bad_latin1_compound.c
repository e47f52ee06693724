// SPDX-License-Identifier: GPL-2.0
/*
 * nlat: parameter block for a motor controller.
 * Vendor note: "paramètres du moteur" (raw Latin-1 byte in this comment).
 * The copy result is tested for < 0 as part of a compound condition.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct nlat_params {
	s32 rpm;
	s32 accel;
};

#define NLAT_IOC_SET	_IOW('L', 1, struct nlat_params)

static struct nlat_params nlat_cur;
static bool nlat_running;

static long nlat_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	struct nlat_params p;

	switch (cmd) {
	case NLAT_IOC_SET: {
		long left = copy_from_user(&p, argp, sizeof(p));

		/* negative: fault; full size: nothing arrived */
		if (left < 0 || left == sizeof(p)) /* expect: copy-user-negative-check */
			return -EFAULT;
		if (p.rpm < 0 || p.accel <= 0)
			return -EINVAL;
		if (nlat_running && p.rpm == 0)
			return -EBUSY;
		nlat_cur = p;
		return 0;
	}
	default:
		return -ENOTTY;
	}
}

const struct file_operations nlat_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= nlat_ioctl,
	.llseek		= noop_llseek,
};
