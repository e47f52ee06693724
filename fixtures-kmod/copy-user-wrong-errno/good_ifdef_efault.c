// SPDX-License-Identifier: GPL-2.0
/*
 * gife: debug and production variants of an ioctl, chosen by #ifdef;
 * both report copy faults as -EFAULT, the debug one with a message.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct gife_regs {
	u32 ctrl;
	u32 status;
};

#define GIFE_IOC_REGS	_IOR('f', 2, struct gife_regs)

static struct gife_regs gife_shadow;

static long gife_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	if (cmd != GIFE_IOC_REGS)
		return -ENOTTY;

#ifdef CONFIG_GIFE_DEBUG
	if (copy_to_user(argp, &gife_shadow, sizeof(gife_shadow))) {
		pr_debug("gife: bad user pointer %p\n", argp);
		return -EFAULT;
	}
#else
	if (copy_to_user(argp, &gife_shadow, sizeof(gife_shadow)))
		return -EFAULT;
#endif
	return 0;
}

const struct file_operations gife_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= gife_ioctl,
	.llseek		= noop_llseek,
};
