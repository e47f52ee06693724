// SPDX-License-Identifier: GPL-2.0
/*
 * ledpanel: one cleanup helper undoes whatever succeeded; it is called from
 * every error path and from exit.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/device.h>

static dev_t ledpanel_devt;
static struct cdev ledpanel_cdev;
static bool ledpanel_cdev_added;
static struct class *ledpanel_class;
static struct device *ledpanel_dev;

static const struct file_operations ledpanel_fops = {
	.owner = THIS_MODULE,
};

static void ledpanel_cleanup(void)
{
	if (!IS_ERR_OR_NULL(ledpanel_dev))
		device_destroy(ledpanel_class, ledpanel_devt);
	if (!IS_ERR_OR_NULL(ledpanel_class))
		class_destroy(ledpanel_class);
	if (ledpanel_cdev_added)
		cdev_del(&ledpanel_cdev);
	if (ledpanel_devt)
		unregister_chrdev_region(ledpanel_devt, 1);
}

static int __init ledpanel_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&ledpanel_devt, 0, 1, "ledpanel");
	if (ret)
		return ret;

	cdev_init(&ledpanel_cdev, &ledpanel_fops);
	ret = cdev_add(&ledpanel_cdev, ledpanel_devt, 1);
	if (ret) {
		ledpanel_cleanup();
		return ret;
	}
	ledpanel_cdev_added = true;

	ledpanel_class = class_create("ledpanel");
	if (IS_ERR(ledpanel_class)) {
		ret = PTR_ERR(ledpanel_class);
		goto fail;
	}

	ledpanel_dev = device_create(ledpanel_class, NULL, ledpanel_devt, NULL, "ledpanel");
	if (IS_ERR(ledpanel_dev)) {
		ret = PTR_ERR(ledpanel_dev);
		goto fail;
	}
	return 0;

fail:
	ledpanel_cleanup();
	return ret;
}

static void __exit ledpanel_exit(void)
{
	ledpanel_cleanup();
}

module_init(ledpanel_init);
module_exit(ledpanel_exit);
MODULE_LICENSE("GPL");
