// SPDX-License-Identifier: GPL-2.0
/*
 * mbox: mailbox driver core. The char device lives in mbox_chr.c;
 * module entry points are here.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include "mbox.h"

static struct platform_driver mbox_driver = {
	.driver = { .name = "mbox" },
};

static int __init mbox_init(void)
{
	int ret;

	ret = mbox_chr_init();
	if (ret)
		return ret;

	ret = platform_driver_register(&mbox_driver);
	if (ret)
		mbox_chr_exit();
	return ret;
}

static void __exit mbox_exit(void)
{
	platform_driver_unregister(&mbox_driver);
	mbox_chr_exit();
}

module_init(mbox_init);
module_exit(mbox_exit);
MODULE_LICENSE("GPL");
