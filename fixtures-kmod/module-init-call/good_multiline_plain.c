// SPDX-License-Identifier: GPL-2.0
/*
 * Long names wrapped over lines, no call.
 */
#include <linux/module.h>

static int __init very_long_vendor_specific_module_initialisation(void)
{
	return 0;
}

static void __exit very_long_vendor_specific_module_teardown(void)
{
}

module_init(
	very_long_vendor_specific_module_initialisation);
module_exit(
	very_long_vendor_specific_module_teardown
);
MODULE_LICENSE("GPL");
