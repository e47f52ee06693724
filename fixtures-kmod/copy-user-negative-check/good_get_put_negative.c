// SPDX-License-Identifier: GPL-2.0
/*
 * ggpn: get_user()/put_user() return 0 or -EFAULT, so testing them for
 * "< 0" (directly or through a variable) is correct.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

#define GGPN_IOC_GET_RATE	_IOR('G', 1, u32)
#define GGPN_IOC_SET_RATE	_IOW('G', 2, u32)
#define GGPN_IOC_SET_MASK	_IOW('G', 3, u32)

static u32 ggpn_rate = 48000;
static u32 ggpn_mask;

static long ggpn_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	u32 __user *up = (u32 __user *)arg;
	u32 val;
	int ret;

	switch (cmd) {
	case GGPN_IOC_GET_RATE:
		ret = put_user(ggpn_rate, up);
		if (ret < 0)
			return ret;
		return 0;
	case GGPN_IOC_SET_RATE:
		if (get_user(val, up) < 0)
			return -EFAULT;
		if (val != 44100 && val != 48000)
			return -EINVAL;
		ggpn_rate = val;
		return 0;
	case GGPN_IOC_SET_MASK:
		if (!access_ok(up, sizeof(*up)))
			return -EFAULT;
		ret = __get_user(val, up);
		if (ret <= -1)
			return ret;
		ggpn_mask = val;
		return 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations ggpn_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= ggpn_ioctl,
	.llseek		= noop_llseek,
};
