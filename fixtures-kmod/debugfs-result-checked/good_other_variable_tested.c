// SPDX-License-Identifier: GPL-2.0
/*
 * The dentry is reassigned before the test: the test is about something
 * else (a lookup of an existing directory).
 */
#include <linux/module.h>
#include <linux/debugfs.h>

static struct dentry *ovt_dir;
static u32 ovt_val;

static int __init ovt_init(void)
{
	ovt_dir = debugfs_create_dir("ovt", NULL);
	debugfs_create_u32("val", 0444, ovt_dir, &ovt_val);
	ovt_dir = debugfs_lookup("ovt", NULL);
	if (IS_ERR_OR_NULL(ovt_dir))
		return -ENOENT;
	dput(ovt_dir);
	return 0;
}

static void __exit ovt_exit(void)
{
	debugfs_lookup_and_remove("ovt", NULL);
}

module_init(ovt_init);
module_exit(ovt_exit);
MODULE_LICENSE("GPL");
