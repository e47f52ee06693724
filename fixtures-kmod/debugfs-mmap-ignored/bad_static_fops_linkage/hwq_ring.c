// SPDX-License-Identifier: GPL-2.0
/*
 * hwq: this file's own static `fops' sets .mmap and is passed to
 * debugfs_create_file(): reported.  (hwq_regs.c has another static
 * `fops', without .mmap, which is fine.)
 */
#include <linux/debugfs.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>

#define HWQ_RING_SZ	(16 * PAGE_SIZE)

static void *ring;

static int ring_mmap(struct file *file, struct vm_area_struct *vma)
{
	return remap_vmalloc_range(vma, ring, vma->vm_pgoff);
}

static const struct file_operations fops = {
	.owner	= THIS_MODULE,
	.mmap	= ring_mmap,
};

int hwq_ring_debugfs(struct dentry *dir)
{
	ring = vmalloc_user(HWQ_RING_SZ);
	if (!ring)
		return -ENOMEM;
	debugfs_create_file("ring", 0400, dir, NULL, &fops); /* expect: debugfs-mmap-ignored */
	return 0;
}

void hwq_ring_free(void)
{
	vfree(ring);
}
