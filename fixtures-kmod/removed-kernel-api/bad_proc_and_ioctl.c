// SPDX-License-Identifier: GPL-2.0
/*
 * A 2.6.2x character driver: .ioctl with the inode argument, and a proc
 * entry made with create_proc_entry().
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/proc_fs.h>
#include <linux/uaccess.h>

#define PAI_GET_VERSION 0x7001

static int pai_ioctl(struct inode *inode, struct file *file, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case PAI_GET_VERSION:
		return put_user(3, (int __user *)arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations pai_fops = {
	.owner = THIS_MODULE,
	.ioctl = pai_ioctl, /* expect: removed-kernel-api */
};

static struct proc_dir_entry *pai_proc;

static int __init pai_init(void)
{
	pai_proc = create_proc_entry("pai", 0444, NULL); /* expect: removed-kernel-api */
	if (!pai_proc)
		return -ENOMEM;
	pai_proc->proc_fops = &pai_fops;
	return 0;
}

static void __exit pai_exit(void)
{
	remove_proc_entry("pai", NULL);
}

module_init(pai_init);
module_exit(pai_exit);
MODULE_LICENSE("GPL");
