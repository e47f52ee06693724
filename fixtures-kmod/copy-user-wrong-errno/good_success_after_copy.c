// SPDX-License-Identifier: GPL-2.0
/*
 * lvlg: near misses of the success-on-fault case: count and 0 are returned
 * only after the copies worked, and a helper that returns -EINVAL on a
 * fault has callers that all turn any failure into -EFAULT.
 */
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/uaccess.h>

static unsigned int lvlg_level;

static int lvlg_fetch(const char __user *ubuf, size_t len, char *buf)
{
	if (copy_from_user(buf, ubuf, len))
		return -EINVAL;
	buf[len] = 0;
	return 0;
}

static ssize_t lvlg_write(struct file *file, const char __user *ubuf,
			  size_t count, loff_t *ppos)
{
	char buf[12];
	int err;

	err = lvlg_fetch(ubuf, min(sizeof(buf) - 1, count), buf);
	if (err)
		return -EFAULT;
	if (kstrtouint(buf, 0, &lvlg_level))
		return -EINVAL;
	return count;
}

static long lvlg_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	char buf[12];

	if (unlikely(lvlg_fetch((const char __user *)arg, 8, buf) < 0))
		return -EFAULT;
	return 0;
}

static ssize_t lvlg_read(struct file *file, char __user *ubuf, size_t count,
			 loff_t *ppos)
{
	char buf[12];
	ssize_t n = scnprintf(buf, sizeof(buf), "%u\n", lvlg_level);

	if (*ppos)
		return 0;
	if (copy_to_user(ubuf, buf, n))
		return -EFAULT;
	*ppos = n;
	return n;
}

const struct file_operations lvlg_fops = {
	.read		= lvlg_read,
	.write		= lvlg_write,
	.unlocked_ioctl	= lvlg_ioctl,
};
