// SPDX-License-Identifier: GPL-2.0
/*
 * gtrn: the copy remainder is mapped to -EFAULT with a ternary before it
 * leaves the function.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct gtrn_clock {
	u64 ns;
	u32 flags;
	u32 pad;
};

#define GTRN_IOC_GETCLK	_IOR('t', 1, struct gtrn_clock)
#define GTRN_IOC_SETCLK	_IOW('t', 2, struct gtrn_clock)

static struct gtrn_clock gtrn_clk;

static int gtrn_get(void __user *argp)
{
	return copy_to_user(argp, &gtrn_clk, sizeof(gtrn_clk)) ? -EFAULT : 0;
}

static long gtrn_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	struct gtrn_clock c;

	switch (cmd) {
	case GTRN_IOC_GETCLK:
		return gtrn_get(argp);
	case GTRN_IOC_SETCLK:
		if (copy_from_user(&c, argp, sizeof(c)))
			return -EFAULT;
		if (c.pad)
			return -EINVAL;
		gtrn_clk = c;
		return 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations gtrn_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= gtrn_ioctl,
	.llseek		= noop_llseek,
};
