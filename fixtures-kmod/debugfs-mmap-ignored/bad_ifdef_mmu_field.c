// SPDX-License-Identifier: GPL-2.0
/*
 * Statistics page: .mmap is only built on MMU configurations, the usual
 * #ifdef inside the initializer.  The file is still created with
 * debugfs_create_file(), so on MMU kernels mmap is silently lost.
 */
#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/mm.h>

static unsigned long statpg_page;
static struct dentry *statpg_dentry;

#ifdef CONFIG_MMU
static int statpg_mmap(struct file *file, struct vm_area_struct *vma)
{
	return remap_pfn_range(vma, vma->vm_start, virt_to_pfn((void *)statpg_page),
			       PAGE_SIZE, vma->vm_page_prot);
}
#endif

static ssize_t statpg_read(struct file *file, char __user *buf, size_t n, loff_t *ppos)
{
	return simple_read_from_buffer(buf, n, ppos, (void *)statpg_page, PAGE_SIZE);
}

static const struct file_operations statpg_fops = {
	.owner	= THIS_MODULE,
	.read	= statpg_read,
#ifdef CONFIG_MMU
	.mmap	= statpg_mmap,
#endif
	.llseek	= default_llseek,
};

static int __init statpg_init(void)
{
	statpg_page = get_zeroed_page(GFP_KERNEL);
	if (!statpg_page)
		return -ENOMEM;
	statpg_dentry = debugfs_create_file("stats", 0444, NULL, NULL, &statpg_fops); /* expect: debugfs-mmap-ignored */
	return 0;
}

static void __exit statpg_exit(void)
{
	debugfs_remove(statpg_dentry);
	free_page(statpg_page);
}

module_init(statpg_init);
module_exit(statpg_exit);
MODULE_LICENSE("GPL");
