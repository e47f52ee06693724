// SPDX-License-Identifier: GPL-2.0
/*
 * Event log buffer.  mmap support was dropped when we learned that
 * debugfs_create_file() ignores .mmap; the member is commented out.
 */
#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/vmalloc.h>

#define EVLOG_SIZE	(8 * 1024)

static char *evlog_buf;
static struct dentry *evlog_dentry;

static ssize_t evlog_read(struct file *file, char __user *buf, size_t n, loff_t *ppos)
{
	return simple_read_from_buffer(buf, n, ppos, evlog_buf, EVLOG_SIZE);
}

static const struct file_operations evlog_fops = {
	.owner	= THIS_MODULE,
	.read	= evlog_read,
	/* .mmap = evlog_mmap,  -- ignored by debugfs since 4.8 */
	.llseek	= default_llseek,
};

static int __init evlog_init(void)
{
	evlog_buf = vzalloc(EVLOG_SIZE);
	if (!evlog_buf)
		return -ENOMEM;
	evlog_dentry = debugfs_create_file("evlog", 0400, NULL, NULL, &evlog_fops);
	return 0;
}

static void __exit evlog_exit(void)
{
	debugfs_remove(evlog_dentry);
	vfree(evlog_buf);
}

module_init(evlog_init);
module_exit(evlog_exit);
MODULE_LICENSE("GPL");
