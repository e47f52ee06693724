/*
 * shmdbg.c  - shared memory debug window, out-of-tree, written for 3.x
 * and still loaded on newer kernels.  Worked until 4.8.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/slab.h>
#ifdef CONFIG_DEBUG_FS
#include <linux/debugfs.h>
#endif

#define SHM_PAGES 4

static char *shm_area;
#ifdef CONFIG_DEBUG_FS
static struct dentry *shm_dir, *shm_file;
#endif

static int shm_mmap(struct file *f,struct vm_area_struct *vma)
{
	unsigned long size = vma->vm_end - vma->vm_start;
	if (size > SHM_PAGES*PAGE_SIZE) return -EINVAL;
	return remap_pfn_range(vma,vma->vm_start,
	                       virt_to_phys(shm_area)>>PAGE_SHIFT,
	                       size,vma->vm_page_prot);
}

static struct file_operations shm_fops = {
	.owner=THIS_MODULE,
	.mmap=shm_mmap ,
};

static int __init shm_init(void)
{
	shm_area = kzalloc(SHM_PAGES*PAGE_SIZE, GFP_KERNEL);
	if (!shm_area) return -ENOMEM;
#ifdef CONFIG_DEBUG_FS
	shm_dir = debugfs_create_dir("shmdbg", NULL);
	shm_file = debugfs_create_file("window", /* expect: debugfs-mmap-ignored */
	                               S_IRUSR|S_IWUSR,
	                               shm_dir, NULL,
	                               &shm_fops);
#endif
	return 0;
}

static void __exit shm_exit(void)
{
#ifdef CONFIG_DEBUG_FS
	debugfs_remove_recursive(shm_dir);
#endif
	kfree(shm_area);
}

module_init(shm_init);
module_exit(shm_exit);
MODULE_LICENSE("GPL");
