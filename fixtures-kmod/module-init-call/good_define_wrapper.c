// SPDX-License-Identifier: GPL-2.0
/*
 * A helper macro that builds the registration: its body is not a
 * registration of its own.
 */
#include <linux/module.h>

#define WRAP_ENTRY(prefix) \
	module_init(prefix##_start()); \
	module_exit(prefix##_stop)

#define WRAP_SIMPLE(fn) module_init(fn)

static int __init wrapd_start(void)
{
	return 0;
}

static void __exit wrapd_stop(void)
{
}

WRAP_SIMPLE(wrapd_start);
module_exit(wrapd_stop);
MODULE_LICENSE("GPL");
