// SPDX-License-Identifier: GPL-2.0
/*
 * gexp: the copy result feeds a larger expression: a ternary that maps
 * it to an errno, and a short-copy subtraction in the write path.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

#define GEXP_BUF_SZ	512
#define GEXP_IOC_STAT	_IOR('e', 1, u32)

static char gexp_buf[GEXP_BUF_SZ];
static u32 gexp_fill;

static long gexp_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	long ret;

	if (cmd != GEXP_IOC_STAT)
		return -ENOTTY;

	ret = copy_to_user((void __user *)arg, &gexp_fill, sizeof(gexp_fill)) ? -EFAULT : 0;
	return ret;
}

static ssize_t gexp_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	size_t n = min_t(size_t, count, GEXP_BUF_SZ);

	/* accept a short write: only report what actually arrived */
	n -= copy_from_user(gexp_buf, buf, n);
	if (!n)
		return -EFAULT;

	gexp_fill = n;
	return n;
}

const struct file_operations gexp_fops = {
	.owner		= THIS_MODULE,
	.write		= gexp_write,
	.unlocked_ioctl	= gexp_ioctl,
	.llseek		= noop_llseek,
};
