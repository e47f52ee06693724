// SPDX-License-Identifier: GPL-2.0
/*
 * wlat: audio mixer controls.
 * Vendor note: "contrôle du volume" (a raw Latin-1 byte in this comment).
 * get_user()/__put_user() already say -EFAULT on a fault; this driver
 * replaces that with -EINVAL and -EIO.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

#define WLAT_IOC_SET_VOL	_IOW('M', 1, int)
#define WLAT_IOC_GET_VOL	_IOR('M', 2, int)

static int wlat_volume = 50;

static long wlat_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	int __user *ip = (int __user *)arg;
	int vol;

	switch (cmd) {
	case WLAT_IOC_SET_VOL:
		if (get_user(vol, ip))
			return -EINVAL; /* expect: copy-user-wrong-errno */
		if (vol < 0 || vol > 100)
			return -EINVAL;
		wlat_volume = vol;
		return 0;
	case WLAT_IOC_GET_VOL:
		if (!access_ok(ip, sizeof(*ip)))
			return -EFAULT;
		if (__put_user(wlat_volume, ip))
			return -EIO; /* expect: copy-user-wrong-errno */
		return 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations wlat_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= wlat_ioctl,
	.llseek		= noop_llseek,
};
