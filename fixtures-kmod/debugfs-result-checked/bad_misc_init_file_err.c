// SPDX-License-Identifier: GPL-2.0
/*
 * A misc character device (its real interface) that also exports a
 * statistics file in debugfs, and refuses to load when that file cannot
 * be created.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/debugfs.h>
#include <linux/fs.h>

static u64 pktc_count;
static struct dentry *pktc_stats;

static const struct file_operations pktc_fops = {
	.owner = THIS_MODULE,
};

static struct miscdevice pktc_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name  = "pktc",
	.fops  = &pktc_fops,
};

static int __init pktc_init(void)
{
	int err;

	pktc_stats = debugfs_create_file("pktc_count", 0444, NULL, &pktc_count, &pktc_count_fops);
	if (IS_ERR(pktc_stats)) /* expect: debugfs-result-checked */
		return PTR_ERR(pktc_stats);
	err = misc_register(&pktc_misc);
	if (err)
		debugfs_remove(pktc_stats);
	return err;
}

static void __exit pktc_exit(void)
{
	misc_deregister(&pktc_misc);
	debugfs_remove(pktc_stats);
}

module_init(pktc_init);
module_exit(pktc_exit);
MODULE_LICENSE("GPL");
