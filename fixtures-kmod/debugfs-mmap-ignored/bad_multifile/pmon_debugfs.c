// SPDX-License-Identifier: GPL-2.0
/* pmon: module set-up and debugfs layout; the fops come from pmon_fops.c. */
#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/vmalloc.h>
#include "pmon.h"

static struct pmon_dev pmon;

void pmon_debugfs_init(struct pmon_dev *pm)
{
	pm->dbg = debugfs_create_dir("pmon", NULL);
	debugfs_create_file("samples", 0400, pm->dbg, pm, &pmon_samples_fops); /* expect: debugfs-mmap-ignored */
}

void pmon_debugfs_exit(struct pmon_dev *pm)
{
	debugfs_remove_recursive(pm->dbg);
}

static int __init pmon_init(void)
{
	pmon.size = 256 * 1024;
	pmon.samples = vmalloc_user(pmon.size);
	if (!pmon.samples)
		return -ENOMEM;
	pmon_debugfs_init(&pmon);
	return 0;
}

static void __exit pmon_exit(void)
{
	pmon_debugfs_exit(&pmon);
	vfree(pmon.samples);
}

module_init(pmon_init);
module_exit(pmon_exit);
MODULE_LICENSE("GPL");
