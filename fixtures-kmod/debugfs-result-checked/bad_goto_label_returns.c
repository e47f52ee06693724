// SPDX-License-Identifier: GPL-2.0
/*
 * A bare goto to a label that returns an errno.
 */
#include <linux/module.h>
#include <linux/debugfs.h>

static struct dentry *glr_dir;
static u32 glr_level;
static bool glr_trace;

static int glr_level_get(void *data, u64 *val)
{
	*val = *(u32 *)data;
	return 0;
}

static int glr_level_set(void *data, u64 val)
{
	*(u32 *)data = val;
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(glr_level_fops, glr_level_get, glr_level_set, "%llu\n");

static int __init glr_init(void)
{
	struct dentry *f;

	glr_dir = debugfs_create_dir("glr", NULL);
	f = debugfs_create_file("level", 0644, glr_dir, &glr_level, &glr_level_fops);
	if (IS_ERR(f)) /* expect: debugfs-result-checked */
		goto fail;
	debugfs_create_bool("trace", 0644, glr_dir, &glr_trace);
	return 0;

fail:
	debugfs_remove_recursive(glr_dir);
	return -ENOMEM;
}

static void __exit glr_exit(void)
{
	debugfs_remove_recursive(glr_dir);
}

module_init(glr_init);
module_exit(glr_exit);
MODULE_LICENSE("GPL");
