// SPDX-License-Identifier: GPL-2.0
/*
 * A debugfs directory with three files: a text status file (no mmap),
 * a ring buffer created correctly with _unsafe, and a descriptor table
 * that also wants mmap but was created with plain debugfs_create_file().
 * Only the last one is reported.
 */
#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>

#define TRIO_RING_SZ	(32 * PAGE_SIZE)
#define TRIO_DESC_SZ	(4 * PAGE_SIZE)

static void *trio_ring, *trio_desc;
static struct dentry *trio_dir;

static int trio_status_show(struct seq_file *m, void *v)
{
	seq_printf(m, "ring=%p desc=%p\n", trio_ring, trio_desc);
	return 0;
}

static int trio_status_open(struct inode *inode, struct file *file)
{
	return single_open(file, trio_status_show, NULL);
}

static const struct file_operations trio_status_fops = {
	.owner		= THIS_MODULE,
	.open		= trio_status_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= single_release,
};

static int trio_ring_mmap(struct file *file, struct vm_area_struct *vma)
{
	return remap_vmalloc_range(vma, trio_ring, vma->vm_pgoff);
}

static const struct file_operations trio_ring_fops = {
	.owner	= THIS_MODULE,
	.mmap	= trio_ring_mmap,
};

static int trio_desc_mmap(struct file *file, struct vm_area_struct *vma)
{
	return remap_vmalloc_range(vma, trio_desc, vma->vm_pgoff);
}

static const struct file_operations trio_desc_fops = {
	.owner	= THIS_MODULE,
	.mmap	= trio_desc_mmap,
};

static int __init trio_init(void)
{
	trio_ring = vmalloc_user(TRIO_RING_SZ);
	trio_desc = vmalloc_user(TRIO_DESC_SZ);
	if (!trio_ring || !trio_desc) {
		vfree(trio_ring);
		vfree(trio_desc);
		return -ENOMEM;
	}
	trio_dir = debugfs_create_dir("trio", NULL);
	debugfs_create_file("status", 0444, trio_dir, NULL, &trio_status_fops);
	debugfs_create_file_unsafe("ring", 0400, trio_dir, NULL, &trio_ring_fops);
	debugfs_create_file("desc", 0400, trio_dir, NULL, &trio_desc_fops); /* expect: debugfs-mmap-ignored */
	return 0;
}

static void __exit trio_exit(void)
{
	debugfs_remove_recursive(trio_dir);
	vfree(trio_desc);
	vfree(trio_ring);
}

module_init(trio_init);
module_exit(trio_exit);
MODULE_LICENSE("GPL");
