// SPDX-License-Identifier: GPL-2.0
/*
 * fwlog: debugfs knob to set the firmware log level (file kept with DOS
 * line endings by the vendor tool).
 */
#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/uaccess.h>
#include <linux/kstrtox.h>

static u32 fwlog_level;
static struct dentry *fwlog_dir;

static ssize_t fwlog_level_write(struct file *file,
				 const char *__user ubuf, /* expect: user-pointer-annotation */
				 size_t count, loff_t *ppos)
{
	int ret;

	ret = kstrtou32_from_user(ubuf, count, 0, &fwlog_level);
	if (ret)
		return ret;
	return count;
}

static const struct file_operations fwlog_level_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.write	= fwlog_level_write,
};

static int __init fwlog_init(void)
{
	fwlog_dir = debugfs_create_dir("fwlog", NULL);
	debugfs_create_file("level", 0200, fwlog_dir, NULL, &fwlog_level_fops);
	return 0;
}

module_init(fwlog_init);
MODULE_LICENSE("GPL");
