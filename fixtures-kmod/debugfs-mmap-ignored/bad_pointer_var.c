// SPDX-License-Identifier: GPL-2.0
/*
 * Capture buffer; the fops are picked through a pointer variable before
 * the debugfs file is created.  The pointed-to fops set .mmap.
 */
#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>

#define CAPBUF_SIZE	(64 * 1024)

static void *capbuf_mem;
static struct dentry *capbuf_dir;

static int capbuf_mmap(struct file *file, struct vm_area_struct *vma)
{
	return remap_vmalloc_range(vma, capbuf_mem, vma->vm_pgoff);
}

static ssize_t capbuf_read(struct file *file, char __user *buf, size_t n, loff_t *ppos)
{
	return simple_read_from_buffer(buf, n, ppos, capbuf_mem, CAPBUF_SIZE);
}

static const struct file_operations capbuf_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.read	= capbuf_read,
	.mmap	= capbuf_mmap,
	.llseek	= default_llseek,
};

static int __init capbuf_init(void)
{
	const struct file_operations *f = &capbuf_fops;

	capbuf_mem = vmalloc_user(CAPBUF_SIZE);
	if (!capbuf_mem)
		return -ENOMEM;
	capbuf_dir = debugfs_create_dir("capbuf", NULL);
	debugfs_create_file("data", 0400, capbuf_dir, NULL, f); /* expect: debugfs-mmap-ignored */
	return 0;
}

static void __exit capbuf_exit(void)
{
	debugfs_remove_recursive(capbuf_dir);
	vfree(capbuf_mem);
}

module_init(capbuf_init);
module_exit(capbuf_exit);
MODULE_LICENSE("GPL");
