// SPDX-License-Identifier: GPL-2.0
/*
 * mbox char device: region, cdev and class. mbox_chr_exit() forgets the class.
 */
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include "mbox.h"

static dev_t mbox_devt;
static struct cdev mbox_cdev;
static struct class *mbox_class;

static const struct file_operations mbox_fops = {
	.owner = THIS_MODULE,
};

int mbox_chr_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&mbox_devt, 0, 1, "mbox");
	if (ret)
		return ret;
	cdev_init(&mbox_cdev, &mbox_fops);
	ret = cdev_add(&mbox_cdev, mbox_devt, 1);
	if (ret)
		goto unregister;
	mbox_class = class_create("mbox"); /* expect: chrdev-region-leak */
	if (IS_ERR(mbox_class)) {
		ret = PTR_ERR(mbox_class);
		goto del_cdev;
	}
	return 0;

del_cdev:
	cdev_del(&mbox_cdev);
unregister:
	unregister_chrdev_region(mbox_devt, 1);
	return ret;
}

void mbox_chr_exit(void)
{
	cdev_del(&mbox_cdev);
	unregister_chrdev_region(mbox_devt, 1);
}
