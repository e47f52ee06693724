// SPDX-License-Identifier: GPL-2.0
/*
 * The fix: a file that must support mmap is created with
 * debugfs_create_file_unsafe(), which installs the fops as they are
 * (the driver then has to cope with removal itself).
 */
#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/mm.h>

static struct dentry *mirror_file;
static void *mirror_page;

static int mirror_mmap(struct file *filp, struct vm_area_struct *vma)
{
	if (vma->vm_end - vma->vm_start != PAGE_SIZE)
		return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start,
			       virt_to_phys(mirror_page) >> PAGE_SHIFT,
			       PAGE_SIZE, vma->vm_page_prot);
}

static const struct file_operations mirror_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.mmap	= mirror_mmap,
};

static int __init mirror_init(void)
{
	mirror_page = (void *)get_zeroed_page(GFP_KERNEL);
	if (!mirror_page)
		return -ENOMEM;
	mirror_file = debugfs_create_file_unsafe("mirror", 0600, NULL, NULL, &mirror_fops);
	return 0;
}

static void __exit mirror_exit(void)
{
	debugfs_remove(mirror_file);
	free_page((unsigned long)mirror_page);
}

module_init(mirror_init);
module_exit(mirror_exit);
MODULE_LICENSE("GPL");
