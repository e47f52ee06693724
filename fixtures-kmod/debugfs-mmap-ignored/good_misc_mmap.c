// SPDX-License-Identifier: GPL-2.0
/*
 * Video scratch memory: the mmap()able interface is a misc character
 * device (where .mmap works); debugfs only gets a separate read-only
 * info file whose fops have no .mmap.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/debugfs.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>

#define VSCR_SIZE	(128 * 1024)

static void *vscr_mem;
static struct dentry *vscr_dbg;

static int vscr_mmap(struct file *file, struct vm_area_struct *vma)
{
	return remap_vmalloc_range(vma, vscr_mem, vma->vm_pgoff);
}

static const struct file_operations vscr_fops = {
	.owner	= THIS_MODULE,
	.mmap	= vscr_mmap,
};

static struct miscdevice vscr_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "vscratch",
	.fops	= &vscr_fops,
};

static ssize_t vscr_info_read(struct file *file, char __user *buf, size_t n, loff_t *ppos)
{
	static const char info[] = "size=131072\n";

	return simple_read_from_buffer(buf, n, ppos, info, sizeof(info) - 1);
}

static const struct file_operations vscr_info_fops = {
	.owner	= THIS_MODULE,
	.read	= vscr_info_read,
	.llseek	= default_llseek,
};

static int __init vscr_init(void)
{
	int ret;

	vscr_mem = vmalloc_user(VSCR_SIZE);
	if (!vscr_mem)
		return -ENOMEM;
	ret = misc_register(&vscr_misc);
	if (ret) {
		vfree(vscr_mem);
		return ret;
	}
	vscr_dbg = debugfs_create_file("vscratch_info", 0444, NULL, NULL, &vscr_info_fops);
	return 0;
}

static void __exit vscr_exit(void)
{
	debugfs_remove(vscr_dbg);
	misc_deregister(&vscr_misc);
	vfree(vscr_mem);
}

module_init(vscr_init);
module_exit(vscr_exit);
MODULE_LICENSE("GPL");
