// SPDX-License-Identifier: GPL-2.0
/*
 * gpio_pulse: every registration is made inside its if (); the two later
 * failures jump to labels that give the region back but never cdev_del().
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/device.h>

static dev_t pulse_dev;
static struct class *pulse_class;
static struct cdev pulse_cdev;

static const struct file_operations pulse_fops = {
	.owner = THIS_MODULE,
};

static int __init pulse_init(void)
{
	if ((alloc_chrdev_region(&pulse_dev, 0, 1, "gpio_pulse")) < 0) {
		pr_err("gpio_pulse: cannot allocate major number\n");
		return -ENOMEM;
	}

	cdev_init(&pulse_cdev, &pulse_fops);
	if ((cdev_add(&pulse_cdev, pulse_dev, 1)) < 0) {
		pr_err("gpio_pulse: cannot add the cdev\n");
		goto r_region;
	}

	if (IS_ERR(pulse_class = class_create("gpio_pulse"))) {
		pr_err("gpio_pulse: cannot create the class\n");
		goto r_region; /* expect: chrdev-region-leak */
	}

	if (IS_ERR(device_create(pulse_class, NULL, pulse_dev, NULL, "gpio_pulse"))) {
		pr_err("gpio_pulse: cannot create the device\n");
		goto r_class; /* expect: chrdev-region-leak */
	}
	return 0;

r_class:
	class_destroy(pulse_class);
r_region:
	unregister_chrdev_region(pulse_dev, 1);
	return -ENODEV;
}

static void __exit pulse_exit(void)
{
	device_destroy(pulse_class, pulse_dev);
	class_destroy(pulse_class);
	cdev_del(&pulse_cdev);
	unregister_chrdev_region(pulse_dev, 1);
}

module_init(pulse_init);
module_exit(pulse_exit);
MODULE_LICENSE("GPL");
