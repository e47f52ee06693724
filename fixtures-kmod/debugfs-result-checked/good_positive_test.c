// SPDX-License-Identifier: GPL-2.0
/*
 * Tested for success, to add optional files: nothing fails.
 */
#include <linux/module.h>
#include <linux/debugfs.h>

static struct dentry *pt_dir;
static u32 pt_a, pt_b;

static int __init pt_init(void)
{
	pt_dir = debugfs_create_dir("pt", NULL);
	if (!IS_ERR(pt_dir)) {
		debugfs_create_u32("a", 0444, pt_dir, &pt_a);
		debugfs_create_u32("b", 0444, pt_dir, &pt_b);
	}
	return 0;
}

static void __exit pt_exit(void)
{
	debugfs_remove_recursive(pt_dir);
}

module_init(pt_init);
module_exit(pt_exit);
MODULE_LICENSE("GPL");
