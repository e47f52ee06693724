// SPDX-License-Identifier: GPL-2.0
/*
 * thermo_log: the probe returns early when the sensor starts, and falls
 * into the unwind otherwise; that unwind forgets the class.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/device.h>

struct tlog {
	dev_t devt;
	struct cdev cdev;
	struct class *cls;
};

static const struct file_operations tlog_fops = {
	.owner = THIS_MODULE,
};

int tlog_sensor_start(struct tlog *t);
void tlog_sensor_stop(struct tlog *t);

static int tlog_probe(struct platform_device *pdev)
{
	struct tlog *t;
	int err;

	t = devm_kzalloc(&pdev->dev, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	err = alloc_chrdev_region(&t->devt, 0, 1, "thermo_log");
	if (err < 0)
		return err;
	cdev_init(&t->cdev, &tlog_fops);
	err = cdev_add(&t->cdev, t->devt, 1);
	if (err < 0)
		goto undo_region;
	t->cls = class_create("thermo_log");
	if (IS_ERR(t->cls)) {
		err = PTR_ERR(t->cls);
		goto undo_cdev;
	}

	err = tlog_sensor_start(t);
	if (!err) {
		platform_set_drvdata(pdev, t);
		return 0;
	}
	goto undo_cdev; /* expect: chrdev-region-leak */

undo_cdev:
	cdev_del(&t->cdev);
undo_region:
	unregister_chrdev_region(t->devt, 1);
	return err;
}

static void tlog_remove(struct platform_device *pdev)
{
	struct tlog *t = platform_get_drvdata(pdev);

	tlog_sensor_stop(t);
	class_destroy(t->cls);
	cdev_del(&t->cdev);
	unregister_chrdev_region(t->devt, 1);
}

static struct platform_driver tlog_driver = {
	.probe = tlog_probe,
	.remove = tlog_remove,
	.driver = { .name = "thermo-log" },
};
module_platform_driver(tlog_driver);
MODULE_LICENSE("GPL");
