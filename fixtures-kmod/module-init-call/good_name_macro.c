// SPDX-License-Identifier: GPL-2.0
/*
 * The entry point's name comes from a function-like macro of the file:
 * NAMED_INIT() expands to a function name, not to a call.
 */
#include <linux/module.h>

#define NAMED_INIT() named_hw_init
#define NAMED_EXIT() named_hw_exit

static int __init named_hw_init(void)
{
	return 0;
}

static void __exit named_hw_exit(void)
{
}

module_init(NAMED_INIT());
module_exit(NAMED_EXIT());
MODULE_LICENSE("GPL");
