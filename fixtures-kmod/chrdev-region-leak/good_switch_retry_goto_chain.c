// SPDX-License-Identifier: GPL-2.0
/*
 * fanctl: a retry on -EAGAIN, a success path that jumps to the shared exit,
 * a switch whose error case unwinds, and ladder steps chained with goto.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/device.h>

static dev_t fan_devt;
static struct cdev fan_cdev;
static struct class *fan_class;
static bool fan_sysfs = true;
module_param(fan_sysfs, bool, 0444);

static const struct file_operations fan_fops = {
	.owner = THIS_MODULE,
};

static int fan_hw_state(void);

static int __init fanctl_init(void)
{
	struct device *dev;
	int ret;

retry:
	ret = alloc_chrdev_region(&fan_devt, 0, 1, "fanctl");
	if (ret == -EAGAIN)
		goto retry;
	if (ret)
		goto out;
	cdev_init(&fan_cdev, &fan_fops);
	ret = cdev_add(&fan_cdev, fan_devt, 1);
	if (ret)
		goto out_unregister;
	if (!fan_sysfs)
		goto out;

	fan_class = class_create("fanctl");
	if (IS_ERR(fan_class)) {
		ret = PTR_ERR(fan_class);
		goto out_cdev;
	}
	dev = device_create(fan_class, NULL, fan_devt, NULL, "fanctl");
	if (IS_ERR(dev)) {
		ret = PTR_ERR(dev);
		goto out_class;
	}

	switch (fan_hw_state()) {
	case 0:
		break;
	case 1:
		ret = -EIO;
		goto out_device;
	default:
		goto out;
	}
	goto out;

out_device:
	device_destroy(fan_class, fan_devt);
	goto out_class;
out_cdev:
	cdev_del(&fan_cdev);
	goto out_unregister;
out_class:
	class_destroy(fan_class);
	cdev_del(&fan_cdev);
out_unregister:
	unregister_chrdev_region(fan_devt, 1);
out:
	return ret;
}

static void __exit fanctl_exit(void)
{
	if (fan_class) {
		device_destroy(fan_class, fan_devt);
		class_destroy(fan_class);
	}
	cdev_del(&fan_cdev);
	unregister_chrdev_region(fan_devt, 1);
}

module_init(fanctl_init);
module_exit(fanctl_exit);
MODULE_LICENSE("GPL");
