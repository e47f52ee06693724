// SPDX-License-Identifier: GPL-2.0
/*
 * The usual shape: the macros are given the functions.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>

static const struct file_operations plain_fops = {
	.owner = THIS_MODULE,
};

static struct miscdevice plain_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "plain",
	.fops = &plain_fops,
};

static int __init plain_init(void)
{
	return misc_register(&plain_misc);
}

static void __exit plain_exit(void)
{
	misc_deregister(&plain_misc);
}

module_init(plain_init);
module_exit(plain_exit);
MODULE_LICENSE("GPL");
