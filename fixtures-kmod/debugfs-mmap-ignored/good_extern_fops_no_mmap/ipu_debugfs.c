// SPDX-License-Identifier: GPL-2.0
/* ipu: debugfs layout, fops from ipu_fops.c through ipu.h. */
#include <linux/module.h>
#include <linux/debugfs.h>
#include "ipu.h"

static struct dentry *ipu_dir;

static int __init ipu_dbg_init(void)
{
	ipu_dir = debugfs_create_dir("ipu", NULL);
	debugfs_create_file("trace", 0400, ipu_dir, NULL, &ipu_trace_fops);
	debugfs_create_file_unsafe("shm", 0600, ipu_dir, NULL, &ipu_shm_fops);
	return 0;
}

static void __exit ipu_dbg_exit(void)
{
	debugfs_remove_recursive(ipu_dir);
}

module_init(ipu_dbg_init);
module_exit(ipu_dbg_exit);
MODULE_LICENSE("GPL");
