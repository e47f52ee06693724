// SPDX-License-Identifier: GPL-2.0
/*
 * An exit function that pretends it can fail.
 */
#include <linux/module.h>
#include <linux/platform_device.h>

static struct platform_device *xr_pdev;

static int __init xr_init(void)
{
	xr_pdev = platform_device_register_simple("xr", -1, NULL, 0);
	return PTR_ERR_OR_ZERO(xr_pdev);
}

static int __exit xr_exit(void) /* expect: module-init-signature */
{
	platform_device_unregister(xr_pdev);
	return 0;
}

module_init(xr_init);
module_exit(xr_exit);
MODULE_LICENSE("GPL");
