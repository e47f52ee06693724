// SPDX-License-Identifier: GPL-2.0
/*
 * foo_ctl: control node for the foo accelerator, one minor.
 * Every step has its own label; exit undoes them in reverse order.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/device.h>

static dev_t foo_devt;
static struct cdev foo_cdev;
static struct class *foo_class;
static struct device *foo_dev;

static const struct file_operations foo_fops = {
	.owner = THIS_MODULE,
};

static int __init foo_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&foo_devt, 0, 1, "foo_ctl");
	if (ret)
		return ret;

	cdev_init(&foo_cdev, &foo_fops);
	foo_cdev.owner = THIS_MODULE;
	ret = cdev_add(&foo_cdev, foo_devt, 1);
	if (ret)
		goto err_region;

	foo_class = class_create("foo_ctl");
	if (IS_ERR(foo_class)) {
		ret = PTR_ERR(foo_class);
		goto err_cdev;
	}

	foo_dev = device_create(foo_class, NULL, foo_devt, NULL, "foo_ctl");
	if (IS_ERR(foo_dev)) {
		ret = PTR_ERR(foo_dev);
		goto err_class;
	}

	pr_info("foo_ctl: registered as %d:%d\n", MAJOR(foo_devt), MINOR(foo_devt));
	return 0;

err_class:
	class_destroy(foo_class);
err_cdev:
	cdev_del(&foo_cdev);
err_region:
	unregister_chrdev_region(foo_devt, 1);
	return ret;
}

static void __exit foo_exit(void)
{
	device_destroy(foo_class, foo_devt);
	class_destroy(foo_class);
	cdev_del(&foo_cdev);
	unregister_chrdev_region(foo_devt, 1);
}

module_init(foo_init);
module_exit(foo_exit);
MODULE_LICENSE("GPL");
