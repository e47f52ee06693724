// SPDX-License-Identifier: GPL-2.0
/*
 * An old ISA-style driver whose entry points were never marked __init or
 * __exit.  The signatures are right, so a default audit says nothing: the
 * missing section note is for code being written (--diff) or on request.
 */
#include <linux/module.h>
#include <linux/platform_device.h>

static struct platform_driver oldisa_driver = {
	.driver = { .name = "oldisa" },
};

static int oldisa_start(void)
{
	return platform_driver_register(&oldisa_driver);
}

static void oldisa_stop(void)
{
	platform_driver_unregister(&oldisa_driver);
}

module_init(oldisa_start);
module_exit(oldisa_stop);
MODULE_LICENSE("GPL");
