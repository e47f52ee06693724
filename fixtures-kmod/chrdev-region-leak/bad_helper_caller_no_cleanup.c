// SPDX-License-Identifier: GPL-2.0
/*
 * irmon: the char device is set up by a helper; when cdev_add() fails the
 * helper returns without the region, and init only passes the error on.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/cdev.h>

static dev_t irmon_devt;
static struct cdev irmon_cdev;

static const struct file_operations irmon_fops = {
	.owner = THIS_MODULE,
};

static int irmon_setup_chrdev(void)
{
	int err;

	err = alloc_chrdev_region(&irmon_devt, 0, 1, "irmon");
	if (err)
		return err;
	cdev_init(&irmon_cdev, &irmon_fops);
	err = cdev_add(&irmon_cdev, irmon_devt, 1);
	if (err)
		return err; /* expect: chrdev-region-leak */
	return 0;
}

static int __init irmon_init(void)
{
	int err;

	err = irmon_setup_chrdev();
	if (err) {
		pr_err("irmon: no char device (%d)\n", err);
		return err;
	}
	return 0;
}

static void __exit irmon_exit(void)
{
	cdev_del(&irmon_cdev);
	unregister_chrdev_region(irmon_devt, 1);
}

module_init(irmon_init);
module_exit(irmon_exit);
MODULE_LICENSE("GPL");
