// SPDX-License-Identifier: GPL-2.0
/*
 * sread: a small status buffer exposed through a misc device.
 * The read path and one ioctl throw away the result of the user copy.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/uaccess.h>

#define SREAD_BUF_SZ		256
#define SREAD_IOC_GET_LEVEL	_IOR('s', 1, int)

static char sread_buf[SREAD_BUF_SZ];
static int sread_level = 3;
static DEFINE_MUTEX(sread_lock);

static ssize_t sread_read(struct file *file, char __user *buf,
			  size_t count, loff_t *ppos)
{
	size_t n;

	if (*ppos >= SREAD_BUF_SZ)
		return 0;
	n = min_t(size_t, count, SREAD_BUF_SZ - *ppos);

	mutex_lock(&sread_lock);
	copy_to_user(buf, sread_buf + *ppos, n); /* expect: unchecked-copy-user */
	mutex_unlock(&sread_lock);

	*ppos += n;
	return n;
}

static long sread_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case SREAD_IOC_GET_LEVEL:
		put_user(sread_level, (int __user *)arg); /* expect: unchecked-copy-user */
		return 0;
	default:
		return -ENOTTY;
	}
}

static const struct file_operations sread_fops = {
	.owner		= THIS_MODULE,
	.read		= sread_read,
	.unlocked_ioctl	= sread_ioctl,
	.llseek		= default_llseek,
};

static struct miscdevice sread_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "sread",
	.fops	= &sread_fops,
};
module_misc_device(sread_misc);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("status buffer exposed through /dev/sread");
