// SPDX-License-Identifier: GPL-2.0
/*
 * wdt_legacy: old-style watchdog node (fixed major, CRLF line endings).
 * The class failure returns without unregister_chrdev().
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/device.h>

static int wdt_major;
static struct class *wdt_class;

static const struct file_operations wdt_fops = {
	.owner = THIS_MODULE,
};

static int __init wdt_legacy_init(void)
{
	struct device *dev;

	wdt_major = register_chrdev(0, "wdt_legacy", &wdt_fops);
	if (wdt_major < 0)
		return wdt_major;

	wdt_class = class_create("wdt_legacy");
	if (IS_ERR(wdt_class))
		return PTR_ERR(wdt_class); /* expect: chrdev-region-leak */

	dev = device_create(wdt_class, NULL, MKDEV(wdt_major, 0), NULL, "wdt0");
	if (IS_ERR(dev)) {
		class_destroy(wdt_class);
		unregister_chrdev(wdt_major, "wdt_legacy");
		return PTR_ERR(dev);
	}
	return 0;
}

static void __exit wdt_legacy_exit(void)
{
	device_destroy(wdt_class, MKDEV(wdt_major, 0));
	class_destroy(wdt_class);
	unregister_chrdev(wdt_major, "wdt_legacy");
}

module_init(wdt_legacy_init);
module_exit(wdt_legacy_exit);
MODULE_LICENSE("GPL");
