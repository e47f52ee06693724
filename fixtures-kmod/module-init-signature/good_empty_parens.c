// SPDX-License-Identifier: GPL-2.0
/*
 * Old-style empty parameter lists: not a prototype, but nothing is passed
 * and nothing is read, so the signature is right.
 */
#include <linux/module.h>

static int __init ep_init()
{
	pr_info("ep: hello\n");
	return 0;
}

static void __exit ep_exit()
{
	pr_info("ep: bye\n");
}

module_init(ep_init);
module_exit(ep_exit);
MODULE_LICENSE("GPL");
