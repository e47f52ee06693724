// SPDX-License-Identifier: GPL-2.0
/*
 * Mentions of the wrong shape in comments and strings are not code:
 * do not write module_init(cmt_init()) here, write module_init(cmt_init).
 */
#include <linux/module.h>

// module_exit(cmt_exit()) would be wrong too.
static const char cmt_hint[] = "module_init(cmt_init()) is a classic mistake";

static int __init cmt_init(void)
{
	pr_info("%s\n", cmt_hint);
	return 0;
}

static void __exit cmt_exit(void)
{
	pr_info("bye\n");
}

module_init(cmt_init);
module_exit(cmt_exit);
MODULE_LICENSE("GPL");
