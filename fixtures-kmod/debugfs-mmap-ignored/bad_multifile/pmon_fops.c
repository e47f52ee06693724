// SPDX-License-Identifier: GPL-2.0
/* pmon: the sample buffer is meant to be mmap()ed by the profiler. */
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include "pmon.h"

static int pmon_samples_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct pmon_dev *pm = file->private_data;

	if (vma->vm_end - vma->vm_start > pm->size)
		return -EINVAL;
	return remap_vmalloc_range(vma, pm->samples, vma->vm_pgoff);
}

const struct file_operations pmon_samples_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.mmap	= pmon_samples_mmap,
};
