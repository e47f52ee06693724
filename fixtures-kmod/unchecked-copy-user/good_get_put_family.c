// SPDX-License-Identifier: GPL-2.0
/*
 * gfam: get_user/put_user/strncpy_from_user/clear_user, each consumed.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define GFAM_NAME_LEN		16
#define GFAM_IOC_GETCH		_IOR('f', 1, int)
#define GFAM_IOC_SETCH		_IOW('f', 2, int)
#define GFAM_IOC_NAME		_IOW('f', 3, char[GFAM_NAME_LEN])

static int gfam_channel;
static char gfam_name[GFAM_NAME_LEN];

static long gfam_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	int __user *ip = (int __user *)arg;
	char name[GFAM_NAME_LEN];
	long len;
	int ch;

	switch (cmd) {
	case GFAM_IOC_GETCH:
		return put_user(gfam_channel, ip);
	case GFAM_IOC_SETCH:
		if (get_user(ch, ip))
			return -EFAULT;
		gfam_channel = ch;
		return 0;
	case GFAM_IOC_NAME:
		len = strncpy_from_user(name, (const char __user *)arg, sizeof(name));
		if (len < 0)
			return len;
		if (len == sizeof(name))
			return -ENAMETOOLONG;
		strscpy(gfam_name, name, sizeof(gfam_name));
		return 0;
	default:
		return -ENOTTY;
	}
}

static ssize_t gfam_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	/* the device has no data: hand back zeroes */
	if (clear_user(buf, count))
		return -EFAULT;
	return count;
}

const struct file_operations gfam_fops = {
	.owner		= THIS_MODULE,
	.read		= gfam_read,
	.unlocked_ioctl	= gfam_ioctl,
	.llseek		= noop_llseek,
};
