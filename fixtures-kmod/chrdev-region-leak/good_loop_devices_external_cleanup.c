// SPDX-License-Identifier: GPL-2.0
/*
 * hsuart_ctl: one node per port, created in a loop with a counted unwind;
 * the port table is torn down by the serial core's helper, which this
 * folder cannot see.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/device.h>
#include <linux/cdev.h>
#include "../hsuart_core.h"

#define HS_PORTS 4

static dev_t hs_devt;
static struct class *hs_class;
static struct hsuart_table *hs_table;

static const struct file_operations hs_fops = {
	.owner = THIS_MODULE,
};

static int __init hsuart_ctl_init(void)
{
	struct device *dev;
	int i, ret;

	ret = alloc_chrdev_region(&hs_devt, 0, HS_PORTS, "hsuart_ctl");
	if (ret)
		return ret;

	hs_class = class_create("hsuart_ctl");
	if (IS_ERR(hs_class)) {
		ret = PTR_ERR(hs_class);
		goto err_region;
	}

	for (i = 0; i < HS_PORTS; i++) {
		dev = device_create(hs_class, NULL, hs_devt + i, NULL, "hsctl%d", i);
		if (IS_ERR(dev)) {
			ret = PTR_ERR(dev);
			goto err_devices;
		}
	}

	hs_table = hsuart_table_get(hs_class, hs_devt);
	if (!hs_table) {
		ret = -ENODEV;
		goto err_table;
	}
	return 0;

err_table:
	hsuart_core_teardown(hs_class, hs_devt);
	return ret;
err_devices:
	while (i--)
		device_destroy(hs_class, hs_devt + i);
	class_destroy(hs_class);
err_region:
	unregister_chrdev_region(hs_devt, HS_PORTS);
	return ret;
}

static void __exit hsuart_ctl_exit(void)
{
	int i;

	hsuart_table_put(hs_table);
	for (i = 0; i < HS_PORTS; i++)
		device_destroy(hs_class, hs_devt + i);
	class_destroy(hs_class);
	unregister_chrdev_region(hs_devt, HS_PORTS);
}

module_init(hsuart_ctl_init);
module_exit(hsuart_ctl_exit);
MODULE_LICENSE("GPL");
