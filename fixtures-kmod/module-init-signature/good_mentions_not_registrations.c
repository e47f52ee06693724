// SPDX-License-Identifier: GPL-2.0
/*
 * A sensor hub whose helpers were entry points once. Before 2019 this file
 * did module_init(shub_reset) and module_exit(shub_flush); both are plain
 * helpers now and keep their runtime signatures. Only shub_init/shub_exit
 * are registered.
 */
#include <linux/module.h>
#include <linux/slab.h>

// module_init(shub_reset)   was the old entry point
#define SHUB_LEGACY_ENTRY(fn)	module_init(fn)

static const char shub_help[] = "do not module_exit(shub_flush) from a board file";

static void shub_reset(void)
{
	pr_info("%s\n", shub_help);
}

static long shub_flush(int queue)
{
	return queue ? -EBUSY : 0;
}

static int __init shub_init(void)
{
	shub_reset();
	return shub_flush(0);
}

static void __exit shub_exit(void)
{
	shub_flush(1);
}

module_init(shub_init);
module_exit(shub_exit);
MODULE_LICENSE("GPL");
