// SPDX-License-Identifier: GPL-2.0
/*
 * Pre-5.x style, when debugfs_create_u32() still returned a dentry and
 * every file was checked for NULL.  debugfs_create_u32() gave NULL only
 * on a real failure, ERR_PTR(-ENODEV) without debugfs: the test never
 * made the module fail for lack of debugfs.  Not reported.
 */
#include <linux/module.h>
#include <linux/debugfs.h>

static struct dentry *ous_dir;
static u32 ous_rx, ous_tx;

static int __init ous_init(void)
{
	int err;

	ous_dir = debugfs_create_dir("ous", NULL);
	if (!debugfs_create_u32("rx", 0444, ous_dir, &ous_rx)) {
		err = -ENOMEM;
		goto out_remove;
	}
	if (!debugfs_create_u32("tx", 0444, ous_dir, &ous_tx)) {
		err = -ENOMEM;
		goto out_remove;
	}
	return 0;

out_remove:
	debugfs_remove_recursive(ous_dir);
	return err;
}

static void __exit ous_exit(void)
{
	debugfs_remove_recursive(ous_dir);
}

module_init(ous_init);
module_exit(ous_exit);
MODULE_LICENSE("GPL");
