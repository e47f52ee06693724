// SPDX-License-Identifier: GPL-2.0
/*
 * The init function takes a parameter and is "called" with it in the
 * macro: wrong twice (no autofix is offered for a call with arguments).
 */
#include <linux/module.h>
#include <linux/slab.h>

static void *pool_mem;

static int __init pool_setup(int pages) /* expect: module-init-signature */
{
	pool_mem = kcalloc(pages, PAGE_SIZE, GFP_KERNEL);
	return pool_mem ? 0 : -ENOMEM;
}

static void __exit pool_teardown(void)
{
	kfree(pool_mem);
}

module_init(pool_setup(4)); /* expect: module-init-call */
module_exit(pool_teardown);
MODULE_LICENSE("GPL");
