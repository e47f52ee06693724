// SPDX-License-Identifier: GPL-2.0
/*
 * tlb: this file's static `fops' has .mmap, but it backs a misc device,
 * not a debugfs file.  The `fops' that tlb_debugfs.c hands to
 * debugfs_create_file() is a different, file-local object.
 */
#include <linux/miscdevice.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>

static void *tlb_shadow;

static int tlb_mmap(struct file *file, struct vm_area_struct *vma)
{
	return remap_vmalloc_range(vma, tlb_shadow, vma->vm_pgoff);
}

static const struct file_operations fops = {
	.owner	= THIS_MODULE,
	.mmap	= tlb_mmap,
};

static struct miscdevice tlb_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "tlbshadow",
	.fops	= &fops,
};

int tlb_mmapdev_init(void)
{
	int ret;

	tlb_shadow = vmalloc_user(PAGE_SIZE);
	if (!tlb_shadow)
		return -ENOMEM;
	ret = misc_register(&tlb_misc);
	if (ret)
		vfree(tlb_shadow);
	return ret;
}

void tlb_mmapdev_exit(void)
{
	misc_deregister(&tlb_misc);
	vfree(tlb_shadow);
}
