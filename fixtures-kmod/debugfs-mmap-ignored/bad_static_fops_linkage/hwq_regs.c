// SPDX-License-Identifier: GPL-2.0
/* hwq: register dump, a plain read-only file with its own static fops. */
#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/fs.h>

static struct dentry *hwq_dir;
static u32 regs[32];

int hwq_ring_debugfs(struct dentry *dir);
void hwq_ring_free(void);

static ssize_t regs_read(struct file *file, char __user *buf, size_t n, loff_t *ppos)
{
	return simple_read_from_buffer(buf, n, ppos, regs, sizeof(regs));
}

static const struct file_operations fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.read	= regs_read,
	.llseek	= default_llseek,
};

static int __init hwq_init(void)
{
	int ret;

	hwq_dir = debugfs_create_dir("hwq", NULL);
	debugfs_create_file("regs", 0400, hwq_dir, NULL, &fops);
	ret = hwq_ring_debugfs(hwq_dir);
	if (ret)
		debugfs_remove_recursive(hwq_dir);
	return ret;
}

static void __exit hwq_exit(void)
{
	debugfs_remove_recursive(hwq_dir);
	hwq_ring_free();
}

module_init(hwq_init);
module_exit(hwq_exit);
MODULE_LICENSE("GPL");
