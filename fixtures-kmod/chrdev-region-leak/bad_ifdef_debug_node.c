// SPDX-License-Identifier: GPL-2.0
/*
 * sensbus: sensor hub char device, with an optional debug node.
 * The debug node's failure path (under #ifdef) returns without unwinding.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/device.h>

#define SENSBUS_MINORS	2

static dev_t sensbus_devt;
static struct cdev sensbus_cdev;
static struct class *sensbus_class;

static const struct file_operations sensbus_fops = {
	.owner = THIS_MODULE,
};

static int __init sensbus_init(void)
{
	struct device *dev;
	int ret;

	ret = alloc_chrdev_region(&sensbus_devt, 0, SENSBUS_MINORS, "sensbus");
	if (ret)
		return ret;

	cdev_init(&sensbus_cdev, &sensbus_fops);
	ret = cdev_add(&sensbus_cdev, sensbus_devt, SENSBUS_MINORS);
	if (ret)
		goto err_region;

	sensbus_class = class_create("sensbus");
	if (IS_ERR(sensbus_class)) {
		ret = PTR_ERR(sensbus_class);
		goto err_cdev;
	}

	dev = device_create(sensbus_class, NULL, sensbus_devt, NULL, "sensbus0");
	if (IS_ERR(dev)) {
		ret = PTR_ERR(dev);
		goto err_class;
	}

#ifdef CONFIG_SENSBUS_DEBUG
	dev = device_create(sensbus_class, NULL, sensbus_devt + 1, NULL, "sensbus-dbg");
	if (IS_ERR(dev))
		return PTR_ERR(dev); /* expect: chrdev-region-leak */
#endif
	return 0;

err_class:
	class_destroy(sensbus_class);
err_cdev:
	cdev_del(&sensbus_cdev);
err_region:
	unregister_chrdev_region(sensbus_devt, SENSBUS_MINORS);
	return ret;
}

static void __exit sensbus_exit(void)
{
#ifdef CONFIG_SENSBUS_DEBUG
	device_destroy(sensbus_class, sensbus_devt + 1);
#endif
	device_destroy(sensbus_class, sensbus_devt);
	class_destroy(sensbus_class);
	cdev_del(&sensbus_cdev);
	unregister_chrdev_region(sensbus_devt, SENSBUS_MINORS);
}

module_init(sensbus_init);
module_exit(sensbus_exit);
MODULE_LICENSE("GPL");
