// SPDX-License-Identifier: GPL-2.0
/* Fault injection knob made with DEFINE_DEBUGFS_ATTRIBUTE(): no mmap. */
#include <linux/module.h>
#include <linux/debugfs.h>

static u64 finj_rate;
static struct dentry *finj_dir;

static int finj_get(void *data, u64 *val)
{
	*val = READ_ONCE(finj_rate);
	return 0;
}

static int finj_set(void *data, u64 val)
{
	if (val > 100)
		return -EINVAL;
	WRITE_ONCE(finj_rate, val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(finj_rate_fops, finj_get, finj_set, "%llu\n");

static int __init finj_init(void)
{
	finj_dir = debugfs_create_dir("finj", NULL);
	debugfs_create_file("rate_percent", 0600, finj_dir, NULL, &finj_rate_fops);
	return 0;
}

static void __exit finj_exit(void)
{
	debugfs_remove_recursive(finj_dir);
}

module_init(finj_init);
module_exit(finj_exit);
MODULE_LICENSE("GPL");
