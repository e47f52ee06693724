// SPDX-License-Identifier: GPL-2.0
/*
 * The error pointer is replaced by NULL and the driver goes on.
 */
#include <linux/module.h>
#include <linux/debugfs.h>

static struct dentry *cp_dir;
static u32 cp_mode;

static int __init cp_init(void)
{
	cp_dir = debugfs_create_dir("cp", NULL);
	if (IS_ERR(cp_dir))
		cp_dir = NULL;
	debugfs_create_u32("mode", 0644, cp_dir, &cp_mode);
	return 0;
}

static void __exit cp_exit(void)
{
	debugfs_remove_recursive(cp_dir);
}

module_init(cp_init);
module_exit(cp_exit);
MODULE_LICENSE("GPL");
