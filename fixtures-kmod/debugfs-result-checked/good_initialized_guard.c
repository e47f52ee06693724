// SPDX-License-Identifier: GPL-2.0
/*
 * Trace buffer exported through debugfs only.  The driver first asks
 * debugfs_initialized(): when debugfs is off it loads without the
 * files; when it is on, failing to create them is a real error.
 */
#include <linux/module.h>
#include <linux/debugfs.h>

static struct dentry *tbuf_dir;
static u32 tbuf_depth = 64;

static int __init tbuf_init(void)
{
	struct dentry *depth;

	if (!debugfs_initialized())
		return 0;
	tbuf_dir = debugfs_create_dir("tbuf", NULL);
	if (IS_ERR(tbuf_dir))
		return PTR_ERR(tbuf_dir);
	depth = debugfs_create_file("depth", 0600, tbuf_dir, &tbuf_depth, &tbuf_depth_fops);
	if (IS_ERR(depth)) {
		debugfs_remove_recursive(tbuf_dir);
		return PTR_ERR(depth);
	}
	return 0;
}

static void __exit tbuf_exit(void)
{
	debugfs_remove_recursive(tbuf_dir);
}

module_init(tbuf_init);
module_exit(tbuf_exit);
MODULE_LICENSE("GPL");
