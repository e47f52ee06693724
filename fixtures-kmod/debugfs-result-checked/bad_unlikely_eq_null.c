// SPDX-License-Identifier: GPL-2.0
/*
 * Wrapped in unlikely(); the == NULL test below it never fires (debugfs
 * gives ERR_PTR values, never NULL), so only the IS_ERR() test counts.
 */
#include <linux/module.h>
#include <linux/debugfs.h>

static struct dentry *uen_root, *uen_stats;
static u64 uen_drops;

static int __init uen_init(void)
{
	uen_root = debugfs_create_dir("uen", NULL);
	if (unlikely(IS_ERR(uen_root))) /* expect: debugfs-result-checked */
		return PTR_ERR(uen_root);
	uen_stats = debugfs_create_dir("stats", uen_root);
	if (uen_stats == NULL)
		return -ENOMEM;
	debugfs_create_u64("drops", 0444, uen_stats, &uen_drops);
	return 0;
}

static void __exit uen_exit(void)
{
	debugfs_remove_recursive(uen_root);
}

module_init(uen_init);
module_exit(uen_exit);
MODULE_LICENSE("GPL");
