// SPDX-License-Identifier: GPL-2.0
/*
 * sclr: lets user space name a channel and read back a zeroed tail.
 * strncpy_from_user() and __clear_user() are called for effect only.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define SCLR_NAME_LEN		32
#define SCLR_IOC_SETNAME	_IOW('c', 1, char[SCLR_NAME_LEN])

static char sclr_name[SCLR_NAME_LEN];

static long sclr_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	char name[SCLR_NAME_LEN];

	if (cmd != SCLR_IOC_SETNAME)
		return -ENOTTY;

	memset(name, 0, sizeof(name));
	strncpy_from_user(name, (const char __user *)arg, sizeof(name) - 1); /* expect: unchecked-copy-user */
	strscpy(sclr_name, name, sizeof(sclr_name));
	return 0;
}

static ssize_t sclr_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	size_t len = strlen(sclr_name);

	if (count <= len)
		return -EINVAL;
	if (!access_ok(buf, count))
		return -EFAULT;
	if (__copy_to_user(buf, sclr_name, len))
		return -EFAULT;
	__clear_user(buf + len, count - len); /* expect: unchecked-copy-user */
	return count;
}

const struct file_operations sclr_fops = {
	.owner		= THIS_MODULE,
	.read		= sclr_read,
	.unlocked_ioctl	= sclr_ioctl,
	.llseek		= noop_llseek,
};
