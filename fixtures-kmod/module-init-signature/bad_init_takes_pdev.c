// SPDX-License-Identifier: GPL-2.0
/*
 * A probe-like signature handed to module_init(): the loader passes no
 * argument, so pdev is garbage.
 */
#include <linux/module.h>
#include <linux/platform_device.h>

static int __init tkp_init(struct platform_device *pdev) /* expect: module-init-signature */
{
	dev_info(&pdev->dev, "starting\n");
	return 0;
}

static void __exit tkp_exit(void)
{
}

module_init(tkp_init);
module_exit(tkp_exit);
MODULE_LICENSE("GPL");
