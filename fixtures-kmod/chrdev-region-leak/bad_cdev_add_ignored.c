// SPDX-License-Identifier: GPL-2.0
/*
 * gpiokey_raw: raw access to the keypad scan registers.
 * cdev_add()'s result is dropped.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/cdev.h>

static dev_t gk_devt;
static struct cdev gk_cdev;

static const struct file_operations gk_fops = {
	.owner = THIS_MODULE,
};

static int __init gk_init(void)
{
	int rc;

	rc = alloc_chrdev_region(&gk_devt, 0, 1, "gpiokey_raw");
	if (rc)
		return rc;

	cdev_init(&gk_cdev, &gk_fops);
	cdev_add(&gk_cdev, gk_devt, 1); /* expect: chrdev-region-leak */
	return 0;
}

static void __exit gk_exit(void)
{
	cdev_del(&gk_cdev);
	unregister_chrdev_region(gk_devt, 1);
}

module_init(gk_init);
module_exit(gk_exit);
MODULE_LICENSE("GPL");
