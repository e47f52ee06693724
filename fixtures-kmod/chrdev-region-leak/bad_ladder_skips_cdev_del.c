// SPDX-License-Identifier: GPL-2.0
/*
 * bar_ctl: control node for the foo accelerator, one minor.
 * The class error path jumps past cdev_del(): the cdev outlives the module.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/device.h>

static dev_t bar_devt;
static struct cdev bar_cdev;
static struct class *bar_class;
static struct device *bar_dev;

static const struct file_operations bar_fops = {
	.owner = THIS_MODULE,
};

static int __init bar_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&bar_devt, 0, 1, "bar_ctl");
	if (ret)
		return ret;

	cdev_init(&bar_cdev, &bar_fops);
	bar_cdev.owner = THIS_MODULE;
	ret = cdev_add(&bar_cdev, bar_devt, 1);
	if (ret)
		goto err_region;

	bar_class = class_create("bar_ctl");
	if (IS_ERR(bar_class)) {
		ret = PTR_ERR(bar_class);
		goto err_region; /* expect: chrdev-region-leak */
	}

	bar_dev = device_create(bar_class, NULL, bar_devt, NULL, "bar_ctl");
	if (IS_ERR(bar_dev)) {
		ret = PTR_ERR(bar_dev);
		goto err_class;
	}

	pr_info("bar_ctl: registered as %d:%d\n", MAJOR(bar_devt), MINOR(bar_devt));
	return 0;

err_class:
	class_destroy(bar_class);
err_cdev:
	cdev_del(&bar_cdev);
err_region:
	unregister_chrdev_region(bar_devt, 1);
	return ret;
}

static void __exit bar_exit(void)
{
	device_destroy(bar_class, bar_devt);
	class_destroy(bar_class);
	cdev_del(&bar_cdev);
	unregister_chrdev_region(bar_devt, 1);
}

module_init(bar_init);
module_exit(bar_exit);
MODULE_LICENSE("GPL");
