// SPDX-License-Identifier: GPL-2.0
/*
 * gpct: short-read accounting.  'done' is derived from the remainder but
 * is not the remainder itself, and its test is "<= 0", not "< 0".
 */
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/uaccess.h>

#define GPCT_SZ		2048

static u8 gpct_capture[GPCT_SZ];
static DEFINE_MUTEX(gpct_lock);

static ssize_t gpct_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	ssize_t done;
	size_t n;

	if (*ppos >= GPCT_SZ)
		return 0;
	n = min_t(size_t, count, GPCT_SZ - *ppos);

	mutex_lock(&gpct_lock);
	done = n - copy_to_user(buf, gpct_capture + *ppos, n);
	mutex_unlock(&gpct_lock);

	if (done <= 0)
		return -EFAULT;
	*ppos += done;
	return done;
}

const struct file_operations gpct_fops = {
	.owner	= THIS_MODULE,
	.read	= gpct_read,
	.llseek	= default_llseek,
};
