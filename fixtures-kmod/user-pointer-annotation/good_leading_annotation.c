// SPDX-License-Identifier: GPL-2.0
/*
 * ts_ci: transport stream pass-through; this driver writes the annotation
 * before the type, which is just as good for sparse.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/uaccess.h>

static ssize_t ts_ci_read(struct file *file, __user char *buf,
			  size_t count, loff_t *ppos)
{
	return count ? -EAGAIN : 0;
}

static ssize_t ts_ci_write(struct file *file, __user const char *buf,
			   size_t count, loff_t *ppos)
{
	return count;
}

static const struct file_operations ts_ci_fops = {
	.owner	= THIS_MODULE,
	.read	= ts_ci_read,
	.write	= ts_ci_write,
};

MODULE_LICENSE("GPL");
