// SPDX-License-Identifier: GPL-2.0
/*
 * Both entry points with the wrong return type.
 */
#include <linux/module.h>
#include <linux/slab.h>

static struct kmem_cache *erl_cache;

static long __init erl_init(void) /* expect: module-init-signature */
{
	erl_cache = KMEM_CACHE(erl_obj, 0);
	if (!erl_cache)
		return -ENOMEM;
	return 0;
}

static unsigned int __exit erl_exit(void) /* expect: module-init-signature */
{
	kmem_cache_destroy(erl_cache);
	return 0;
}

module_init(erl_init);
module_exit(erl_exit);
MODULE_LICENSE("GPL");
