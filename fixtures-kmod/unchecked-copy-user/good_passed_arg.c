// SPDX-License-Identifier: GPL-2.0
/*
 * garg: the copy result is handed to a function (or to a kernel macro
 * not defined here) that turns it into an errno.
 */
#include <linux/compiler.h>
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct garg_status {
	u32 link;
	u32 speed;
};

#define GARG_IOC_STATUS	_IOR('a', 1, struct garg_status)
#define GARG_IOC_SPEED	_IOW('a', 2, u32)

static struct garg_status garg_st;

static int garg_to_errno(unsigned long not_copied)
{
	return not_copied ? -EFAULT : 0;
}

static long garg_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	u32 speed;

	switch (cmd) {
	case GARG_IOC_STATUS:
		return garg_to_errno(copy_to_user(argp, &garg_st, sizeof(garg_st)));
	case GARG_IOC_SPEED:
		if (unlikely(copy_from_user(&speed, argp, sizeof(speed))))
			return -EFAULT;
		if (speed > 10000)
			return -EINVAL;
		garg_st.speed = speed;
		return 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations garg_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= garg_ioctl,
	.llseek		= noop_llseek,
};
