// SPDX-License-Identifier: GPL-2.0
/*
 * Platform driver registered by hand, both entry points written as calls.
 */
#include <linux/module.h>
#include <linux/platform_device.h>

static int vled_probe(struct platform_device *pdev)
{
	dev_info(&pdev->dev, "virtual led ready\n");
	return 0;
}

static struct platform_driver vled_driver = {
	.probe = vled_probe,
	.driver = {
		.name = "vled",
	},
};

static int __init vled_init(void)
{
	return platform_driver_register(&vled_driver);
}

static void __exit vled_exit(void)
{
	platform_driver_unregister(&vled_driver);
}

module_init(vled_init()); /* expect: module-init-call */
module_exit(vled_exit()); /* expect: module-init-call */
MODULE_LICENSE("GPL");
