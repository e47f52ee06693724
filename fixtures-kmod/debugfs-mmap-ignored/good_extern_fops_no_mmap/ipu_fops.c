// SPDX-License-Identifier: GPL-2.0
/*
 * ipu: two exported fops.  ipu_trace_fops has no .mmap; ipu_shm_fops
 * does, and ipu_debugfs.c creates its file with _unsafe.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include "ipu.h"

static char ipu_trace_text[] = "ipu trace empty\n";
static void *ipu_shm;

static ssize_t ipu_trace_read(struct file *file, char __user *buf, size_t n, loff_t *ppos)
{
	return simple_read_from_buffer(buf, n, ppos, ipu_trace_text,
				       sizeof(ipu_trace_text) - 1);
}

const struct file_operations ipu_trace_fops = {
	.owner	= THIS_MODULE,
	.read	= ipu_trace_read,
	.llseek	= default_llseek,
};

static int ipu_shm_mmap(struct file *file, struct vm_area_struct *vma)
{
	if (!ipu_shm)
		ipu_shm = vmalloc_user(PAGE_SIZE);
	if (!ipu_shm)
		return -ENOMEM;
	return remap_vmalloc_range(vma, ipu_shm, vma->vm_pgoff);
}

const struct file_operations ipu_shm_fops = {
	.owner	= THIS_MODULE,
	.mmap	= ipu_shm_mmap,
};
