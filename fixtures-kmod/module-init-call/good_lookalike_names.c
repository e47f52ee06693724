// SPDX-License-Identifier: GPL-2.0
/*
 * Functions whose names start like the macros, called as functions.
 */
#include <linux/module.h>

static int look_count;

static void module_init_counters(void)
{
	look_count = 0;
}

static int late_initcall_hook(int stage)
{
	return stage + look_count;
}

static int __init look_init(void)
{
	module_init_counters();
	return late_initcall_hook(0);
}

static void __exit look_exit(void)
{
	look_count = -1;
}

module_init(look_init);
module_exit(look_exit);
MODULE_LICENSE("GPL");
