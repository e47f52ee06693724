// SPDX-License-Identifier: GPL-2.0
/*
 * tsc_trace: exports the timestamp trace buffer of the board controller.
 * The init ladder is right, but exit never gives the major back.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/device.h>

struct tsc_trace {
	dev_t devt;
	struct cdev cdev;
	struct class *class;
};

static struct tsc_trace trace;

static const struct file_operations tsc_trace_fops = {
	.owner = THIS_MODULE,
};

static int __init tsc_trace_init(void)
{
	struct device *dev;
	int err;

	err = alloc_chrdev_region(&trace.devt, 0, 1, "tsc_trace"); /* expect: chrdev-region-leak */
	if (err < 0)
		return err;

	cdev_init(&trace.cdev, &tsc_trace_fops);
	err = cdev_add(&trace.cdev, trace.devt, 1);
	if (err < 0)
		goto out_region;

	trace.class = class_create("tsc_trace");
	if (IS_ERR(trace.class)) {
		err = PTR_ERR(trace.class);
		goto out_cdev;
	}

	dev = device_create(trace.class, NULL, trace.devt, NULL, "tsc_trace");
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		goto out_class;
	}
	return 0;

out_class:
	class_destroy(trace.class);
out_cdev:
	cdev_del(&trace.cdev);
out_region:
	unregister_chrdev_region(trace.devt, 1);
	return err;
}

static void __exit tsc_trace_exit(void)
{
	device_destroy(trace.class, trace.devt);
	class_destroy(trace.class);
	cdev_del(&trace.cdev);
}

module_init(tsc_trace_init);
module_exit(tsc_trace_exit);
MODULE_LICENSE("GPL");
