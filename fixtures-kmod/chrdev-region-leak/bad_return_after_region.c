// SPDX-License-Identifier: GPL-2.0
/*
 * lcdmon: character interface to the front-panel LCD controller.
 * The cdev_add() failure path returns without giving the region back.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/cdev.h>

#define LCDMON_MAJOR	241
#define LCDMON_MINORS	4

static struct cdev lcdmon_cdev;
static int lcdmon_ready;

static const struct file_operations lcdmon_fops = {
	.owner = THIS_MODULE,
	.llseek = noop_llseek,
};

static int __init lcdmon_init(void)
{
	dev_t devno = MKDEV(LCDMON_MAJOR, 0);
	int ret;

	if (lcdmon_ready)
		return -EBUSY;

	ret = register_chrdev_region(devno, LCDMON_MINORS, "lcdmon");
	if (ret < 0) {
		pr_err("lcdmon: cannot get major %d\n", LCDMON_MAJOR);
		return ret;
	}

	cdev_init(&lcdmon_cdev, &lcdmon_fops);
	ret = cdev_add(&lcdmon_cdev, devno, LCDMON_MINORS);
	if (ret) {
		pr_err("lcdmon: cdev_add failed: %d\n", ret);
		return ret; /* expect: chrdev-region-leak */
	}
	lcdmon_ready = 1;
	return 0;
}

static void __exit lcdmon_exit(void)
{
	cdev_del(&lcdmon_cdev);
	unregister_chrdev_region(MKDEV(LCDMON_MAJOR, 0), LCDMON_MINORS);
}

module_init(lcdmon_init);
module_exit(lcdmon_exit);
MODULE_LICENSE("GPL");
