// SPDX-License-Identifier: GPL-2.0
/*
 * The driver has its own backend ops table with an .mmap member, and
 * calls its instance "xbk_dbg_fops".  It is not a struct file_operations
 * and never reaches debugfs; the debugfs file uses xbk_regs_fops.
 */
#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/mm.h>

struct xbk_backend_ops {
	int (*mmap)(void *ctx, struct vm_area_struct *vma);
	int (*reset)(void *ctx);
};

static u32 xbk_regs[16];
static struct dentry *xbk_dir;

static int xbk_backend_mmap(void *ctx, struct vm_area_struct *vma)
{
	return -ENODEV;
}

static int xbk_backend_reset(void *ctx)
{
	memset(xbk_regs, 0, sizeof(xbk_regs));
	return 0;
}

static const struct xbk_backend_ops xbk_dbg_fops = {
	.mmap	= xbk_backend_mmap,
	.reset	= xbk_backend_reset,
};

static ssize_t xbk_regs_read(struct file *file, char __user *buf, size_t n, loff_t *ppos)
{
	return simple_read_from_buffer(buf, n, ppos, xbk_regs, sizeof(xbk_regs));
}

static const struct file_operations xbk_regs_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.read	= xbk_regs_read,
	.llseek	= default_llseek,
};

static int __init xbk_init(void)
{
	int ret = xbk_dbg_fops.reset(NULL);

	if (ret)
		return ret;
	xbk_dir = debugfs_create_dir("xbk", NULL);
	debugfs_create_file("regs", 0400, xbk_dir, NULL, &xbk_regs_fops);
	return 0;
}

static void __exit xbk_exit(void)
{
	debugfs_remove_recursive(xbk_dir);
}

module_init(xbk_init);
module_exit(xbk_exit);
MODULE_LICENSE("GPL");
