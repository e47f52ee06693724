/*
 * pbuf.c - shared buffer exported through /proc (mmap works there), plus
 * a small debugfs statistics file.  Builds on old and new kernels.
 */
#include <linux/version.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/debugfs.h>
#include <linux/mm.h>

static void *pbuf_page;
static unsigned long pbuf_maps;
static struct dentry *pbuf_dbg;

static int pbuf_mmap(struct file *f, struct vm_area_struct *vma)
{
	pbuf_maps++;
	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(pbuf_page) >> PAGE_SHIFT,
			       PAGE_SIZE, vma->vm_page_prot);
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(5,6,0)
static const struct proc_ops pbuf_ops = {
	.proc_mmap	= pbuf_mmap,
};
#else
static const struct file_operations pbuf_ops = {
	.owner	= THIS_MODULE,
	.mmap	= pbuf_mmap,
};
#endif

static ssize_t pbuf_stats_read(struct file *f, char __user *buf, size_t n, loff_t *ppos)
{
	char line[32];
	int len = scnprintf(line, sizeof(line), "%lu\n", pbuf_maps);

	return simple_read_from_buffer(buf, n, ppos, line, len);
}

static const struct file_operations pbuf_stats_fops = {
	.owner	= THIS_MODULE,
	.read	= pbuf_stats_read,
};

static int __init pbuf_init(void)
{
	pbuf_page = (void *)get_zeroed_page(GFP_KERNEL);
	if (!pbuf_page)
		return -ENOMEM;
	if (!proc_create("pbuf", 0444, NULL, &pbuf_ops)) {
		free_page((unsigned long)pbuf_page);
		return -ENOMEM;
	}
	pbuf_dbg = debugfs_create_file("pbuf_stats", 0444, NULL, NULL, &pbuf_stats_fops);
	return 0;
}

static void __exit pbuf_exit(void)
{
	debugfs_remove(pbuf_dbg);
	remove_proc_entry("pbuf", NULL);
	free_page((unsigned long)pbuf_page);
}

module_init(pbuf_init);
module_exit(pbuf_exit);
MODULE_LICENSE("GPL");
