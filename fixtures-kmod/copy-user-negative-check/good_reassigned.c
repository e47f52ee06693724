// SPDX-License-Identifier: GPL-2.0
/*
 * grea: 'ret' first holds the copy remainder, is tested correctly, and is
 * then reused for a function that does return negative errnos.
 */
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct grea_cmd {
	u32 reg;
	u32 val;
};

#define GREA_IOC_WRITE	_IOW('W', 1, struct grea_cmd)

static void __iomem *grea_base;

static int grea_hw_write(u32 reg, u32 val)
{
	if (reg > 0x40)
		return -EINVAL;
	writel(val, grea_base + reg);
	return readl(grea_base + 0x44) & 1 ? -EIO : 0;
}

static long grea_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct grea_cmd c;
	long ret;

	if (cmd != GREA_IOC_WRITE)
		return -ENOTTY;

	ret = copy_from_user(&c, (void __user *)arg, sizeof(c));
	if (ret)
		return -EFAULT;

	ret = grea_hw_write(c.reg, c.val);
	if (ret < 0)
		return ret;
	return 0;
}

const struct file_operations grea_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= grea_ioctl,
	.llseek		= noop_llseek,
};
