// SPDX-License-Identifier: GPL-2.0
/* tlb: debugfs statistics; `fops' here is static to this file, no .mmap. */
#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>

int tlb_mmapdev_init(void);
void tlb_mmapdev_exit(void);

static struct dentry *tlb_dir;
static unsigned long tlb_flushes;

static int tlb_stats_show(struct seq_file *m, void *v)
{
	seq_printf(m, "flushes %lu\n", tlb_flushes);
	return 0;
}

static int tlb_stats_open(struct inode *inode, struct file *file)
{
	return single_open(file, tlb_stats_show, NULL);
}

static const struct file_operations fops = {
	.owner		= THIS_MODULE,
	.open		= tlb_stats_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= single_release,
};

static int __init tlb_init(void)
{
	int ret = tlb_mmapdev_init();

	if (ret)
		return ret;
	tlb_dir = debugfs_create_dir("tlb", NULL);
	debugfs_create_file("stats", 0444, tlb_dir, NULL, &fops);
	return 0;
}

static void __exit tlb_exit(void)
{
	debugfs_remove_recursive(tlb_dir);
	tlb_mmapdev_exit();
}

module_init(tlb_init);
module_exit(tlb_exit);
MODULE_LICENSE("GPL");
