// SPDX-License-Identifier: GPL-2.0
/*
 * __init before the type, and the older __devexit-era spelling order.
 */
#include <linux/module.h>

static __init int ao_init(void)
{
	return 0;
}

static __exit void ao_exit(void)
{
}

module_init(ao_init);
module_exit(ao_exit);
MODULE_LICENSE("GPL");
