// SPDX-License-Identifier: GPL-2.0
/*
 * Skipping the rest of the debugfs setup without failing: returns 0, or
 * returns from a void helper.
 */
#include <linux/module.h>
#include <linux/debugfs.h>

static struct dentry *sr_dir;
static u32 sr_hits;

static void sr_debugfs_add_files(void)
{
	struct dentry *sub = debugfs_create_dir("detail", sr_dir);

	if (IS_ERR(sub))
		return;
	debugfs_create_u32("hits", 0444, sub, &sr_hits);
}

static int __init sr_init(void)
{
	sr_dir = debugfs_create_dir("sr", NULL);
	if (IS_ERR(sr_dir))
		return 0;
	sr_debugfs_add_files();
	return 0;
}

static void __exit sr_exit(void)
{
	debugfs_remove_recursive(sr_dir);
}

module_init(sr_init);
module_exit(sr_exit);
MODULE_LICENSE("GPL");
