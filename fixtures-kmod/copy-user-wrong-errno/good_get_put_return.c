// SPDX-License-Identifier: GPL-2.0
/*
 * ggpr: get_user()/put_user() already return 0 or -EFAULT, so returning
 * their result directly (or through 'ret') is correct.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

#define GGPR_IOC_GET_IRQS	_IOR('i', 1, u32)
#define GGPR_IOC_SET_MASK	_IOW('i', 2, u32)
#define GGPR_IOC_GET_MASK	_IOR('i', 3, u32)
#define GGPR_IOC_ARM		_IOW('i', 4, u32)

static u32 ggpr_irqs;
static u32 ggpr_mask;
static bool ggpr_armed;

static int ggpr_read_mask(u32 __user *p)
{
	u32 val;
	int ret;

	ret = get_user(val, p);
	if (ret)
		return ret;
	ggpr_mask = val;
	return 0;
}

static long ggpr_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	u32 __user *up = (u32 __user *)arg;
	u32 val;

	switch (cmd) {
	case GGPR_IOC_GET_IRQS:
		return put_user(ggpr_irqs, up);
	case GGPR_IOC_SET_MASK:
		return ggpr_read_mask(up);
	case GGPR_IOC_GET_MASK:
		return __put_user(ggpr_mask, up);
	case GGPR_IOC_ARM:
		if (get_user(val, up))
			return -EFAULT;
		if (val > 1)
			return -EINVAL;
		ggpr_armed = val;
		return 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations ggpr_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= ggpr_ioctl,
	.llseek		= noop_llseek,
};
