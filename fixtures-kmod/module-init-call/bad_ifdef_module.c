// SPDX-License-Identifier: GPL-2.0
/*
 * A watchdog that is a module or built in; the module branch is wrong.
 */
#include <linux/module.h>
#include <linux/watchdog.h>

static int wdx_start(struct watchdog_device *wdd)
{
	return 0;
}

static const struct watchdog_ops wdx_ops = {
	.owner = THIS_MODULE,
	.start = wdx_start,
};

static const struct watchdog_info wdx_info = {
	.identity = "wdx",
};

static struct watchdog_device wdx_dev = {
	.info = &wdx_info,
	.ops = &wdx_ops,
};

static int __init wdx_init(void)
{
	return watchdog_register_device(&wdx_dev);
}

static void __exit wdx_exit(void)
{
	watchdog_unregister_device(&wdx_dev);
}

#ifdef MODULE
module_init(wdx_init()); /* expect: module-init-call */
module_exit(wdx_exit);
#else
device_initcall(wdx_init);
#endif
MODULE_LICENSE("GPL");
