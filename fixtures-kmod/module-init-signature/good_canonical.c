// SPDX-License-Identifier: GPL-2.0
/*
 * The canonical entry points: int __init f(void), void __exit f(void).
 */
#include <linux/module.h>
#include <linux/platform_device.h>

static int can_probe(struct platform_device *pdev)
{
	return 0;
}

static struct platform_driver can_driver = {
	.probe = can_probe,
	.driver = { .name = "canon" },
};

static int __init can_init(void)
{
	int ret;

	ret = platform_driver_register(&can_driver);
	if (ret)
		return ret;
	return 0;
}

static void __exit can_exit(void)
{
	platform_driver_unregister(&can_driver);
}

module_init(can_init);
module_exit(can_exit);
MODULE_LICENSE("GPL");
