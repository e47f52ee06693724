// SPDX-License-Identifier: GPL-2.0
/*
 * proc and sysfs entries are an interface: checking them is right.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

static int pc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "ok\n");
	return 0;
}

static struct proc_dir_entry *pc_entry;

static int __init pc_init(void)
{
	pc_entry = proc_create_single("pc_status", 0444, NULL, pc_show);
	if (!pc_entry)
		return -ENOMEM;
	return 0;
}

static void __exit pc_exit(void)
{
	proc_remove(pc_entry);
}

module_init(pc_init);
module_exit(pc_exit);
MODULE_LICENSE("GPL");
