// SPDX-License-Identifier: GPL-2.0
/*
 * qdma char device: registered by qdma_cdev_register(), torn down by
 * qdma_cdev_unregister(), which the core calls from exit.
 */
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include "qdma.h"

static dev_t qdma_devt;
static struct cdev qdma_cdev;
static struct class *qdma_class;

static const struct file_operations qdma_fops = {
	.owner = THIS_MODULE,
};

static void qdma_teardown_nodes(void)
{
	device_destroy(qdma_class, qdma_devt);
	class_destroy(qdma_class);
}

int qdma_cdev_register(void)
{
	struct device *dev;
	int ret;

	ret = alloc_chrdev_region(&qdma_devt, 0, 1, "qdma");
	if (ret)
		return ret;
	cdev_init(&qdma_cdev, &qdma_fops);
	ret = cdev_add(&qdma_cdev, qdma_devt, 1);
	if (ret)
		goto err_region;
	qdma_class = class_create("qdma");
	if (IS_ERR(qdma_class)) {
		ret = PTR_ERR(qdma_class);
		goto err_cdev;
	}
	dev = device_create(qdma_class, NULL, qdma_devt, NULL, "qdma0");
	if (IS_ERR(dev)) {
		ret = PTR_ERR(dev);
		class_destroy(qdma_class);
		goto err_cdev;
	}
	return 0;

err_cdev:
	cdev_del(&qdma_cdev);
err_region:
	unregister_chrdev_region(qdma_devt, 1);
	return ret;
}

void qdma_cdev_unregister(void)
{
	qdma_teardown_nodes();
	cdev_del(&qdma_cdev);
	unregister_chrdev_region(qdma_devt, 1);
}
