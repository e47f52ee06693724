// SPDX-License-Identifier: GPL-2.0
/*
 * pcspk_ctl: ioctl interface to the PC speaker timer.
 * A hardware check after the last registration returns without any unwinding.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/io.h>

static dev_t spk_devt;
static struct cdev spk_cdev;
static struct class *spk_class;

static const struct file_operations spk_fops = {
	.owner = THIS_MODULE,
};

static int spk_hw_probe(void)
{
	return inb(0x61) == 0xff ? -ENODEV : 0;
}

static int __init spk_init(void)
{
	struct device *dev;
	int ret;

	ret = alloc_chrdev_region(&spk_devt, 0, 1, "pcspk_ctl");
	if (ret)
		return ret;
	cdev_init(&spk_cdev, &spk_fops);
	ret = cdev_add(&spk_cdev, spk_devt, 1);
	if (ret)
		goto fail_region;
	spk_class = class_create("pcspk_ctl");
	if (IS_ERR(spk_class)) {
		ret = PTR_ERR(spk_class);
		goto fail_cdev;
	}
	dev = device_create(spk_class, NULL, spk_devt, NULL, "pcspk_ctl");
	if (IS_ERR(dev)) {
		ret = PTR_ERR(dev);
		goto fail_class;
	}

	ret = spk_hw_probe();
	if (ret)
		return ret; /* expect: chrdev-region-leak */
	return 0;

fail_class:
	class_destroy(spk_class);
fail_cdev:
	cdev_del(&spk_cdev);
fail_region:
	unregister_chrdev_region(spk_devt, 1);
	return ret;
}

static void __exit spk_exit(void)
{
	device_destroy(spk_class, spk_devt);
	class_destroy(spk_class);
	cdev_del(&spk_cdev);
	unregister_chrdev_region(spk_devt, 1);
}

module_init(spk_init);
module_exit(spk_exit);
MODULE_LICENSE("GPL");
