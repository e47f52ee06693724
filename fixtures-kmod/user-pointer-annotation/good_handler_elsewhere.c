// SPDX-License-Identifier: GPL-2.0
/*
 * statlog: seq_file based fops; the write handler is exported by the core
 * module and not part of this driver folder.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/seq_file.h>

extern ssize_t statlog_core_write(struct file *file, const char *buf, size_t count, loff_t *ppos);

static int statlog_show(struct seq_file *m, void *v)
{
	seq_puts(m, "ok\n");
	return 0;
}

static int statlog_open(struct inode *inode, struct file *file)
{
	return single_open(file, statlog_show, NULL);
}

static const struct file_operations statlog_fops = {
	.owner		= THIS_MODULE,
	.open		= statlog_open,
	.read		= seq_read,
	.write		= statlog_core_write,
	.llseek		= seq_lseek,
	.release	= single_release,
};

MODULE_LICENSE("GPL");
