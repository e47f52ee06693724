// SPDX-License-Identifier: GPL-2.0
/*
 * tempmon: exposes the last sampled temperature as text through a char
 * device. The read handler forgot the __user annotation on its buffer.
 */
#include <linux/module.h>
#include <linux/cdev.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/kernel.h>

static int tempmon_millicelsius;

static ssize_t tempmon_read(struct file *file, char *buf, /* expect: user-pointer-annotation */
			    size_t count, loff_t *ppos)
{
	char text[16];
	int len;

	len = scnprintf(text, sizeof(text), "%d\n", tempmon_millicelsius);
	return simple_read_from_buffer(buf, count, ppos, text, len);
}

static int tempmon_open(struct inode *inode, struct file *file)
{
	return nonseekable_open(inode, file);
}

static const struct file_operations tempmon_fops = {
	.owner	= THIS_MODULE,
	.open	= tempmon_open,
	.read	= tempmon_read,
};

static struct cdev tempmon_cdev;

static int __init tempmon_init(void)
{
	cdev_init(&tempmon_cdev, &tempmon_fops);
	return 0;
}

module_init(tempmon_init);
MODULE_LICENSE("GPL");
