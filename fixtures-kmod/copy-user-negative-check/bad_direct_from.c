// SPDX-License-Identifier: GPL-2.0
/*
 * ndir: threshold configuration for a fictional ADC.  copy_from_user()
 * returns the number of bytes NOT copied, never a negative value, so the
 * "< 0" test below can never catch a fault.
 */
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct ndir_thresh {
	u16 low;
	u16 high;
};

#define NDIR_IOC_SET_THRESH	_IOW('N', 1, struct ndir_thresh)

static void __iomem *ndir_regs;

static long ndir_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ndir_thresh th;

	switch (cmd) {
	case NDIR_IOC_SET_THRESH:
		if (copy_from_user(&th, (void __user *)arg, sizeof(th)) < 0) /* expect: copy-user-negative-check */
			return -EFAULT;
		if (th.low > th.high)
			return -EINVAL;
		writel(th.low | ((u32)th.high << 16), ndir_regs + 0x10);
		return 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations ndir_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= ndir_ioctl,
	.llseek		= noop_llseek,
};
