// SPDX-License-Identifier: GPL-2.0
/*
 * Shares one kernel page with user space through a debugfs file that
 * is meant to be mmap()ed.  Since Linux 4.8 debugfs_create_file() wraps
 * the fops in a proxy without .mmap, so mmap() on the file fails.
 */
#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/mm.h>
#include <linux/fs.h>

static struct dentry *shpage_file;
static void *shpage_buf;

static int shpage_mmap(struct file *filp, struct vm_area_struct *vma)
{
	unsigned long pfn = virt_to_phys(shpage_buf) >> PAGE_SHIFT;

	if (vma->vm_end - vma->vm_start > PAGE_SIZE)
		return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start, pfn, PAGE_SIZE,
			       vma->vm_page_prot);
}

static int shpage_open(struct inode *inode, struct file *filp)
{
	filp->private_data = inode->i_private;
	return 0;
}

static int shpage_release(struct inode *inode, struct file *filp)
{
	return 0;
}

static const struct file_operations shpage_fops = {
	.owner		= THIS_MODULE,
	.open		= shpage_open,
	.release	= shpage_release,
	.mmap		= shpage_mmap,
};

static int __init shpage_init(void)
{
	shpage_buf = (void *)get_zeroed_page(GFP_KERNEL);
	if (!shpage_buf)
		return -ENOMEM;
	strscpy(shpage_buf, "hello from the kernel", PAGE_SIZE);
	shpage_file = debugfs_create_file("mmap_example", 0644, NULL, NULL, &shpage_fops); /* expect: debugfs-mmap-ignored */
	return 0;
}

static void __exit shpage_exit(void)
{
	debugfs_remove(shpage_file);
	free_page((unsigned long)shpage_buf);
}

module_init(shpage_init);
module_exit(shpage_exit);
MODULE_LICENSE("GPL");
