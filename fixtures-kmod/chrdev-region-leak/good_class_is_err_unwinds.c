// SPDX-License-Identifier: GPL-2.0
/*
 * tpmi_dbg: each failure releases what succeeded before it, inline.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/device.h>

static int tpmi_major;
static struct class *tpmi_class;

static const struct file_operations tpmi_fops = {
	.owner = THIS_MODULE,
};

static int __init tpmi_dbg_init(void)
{
	struct device *dev;
	int err;

	err = register_chrdev(0, "tpmi_dbg", &tpmi_fops);
	if (err < 0)
		return err;
	tpmi_major = err;

	tpmi_class = class_create("tpmi_dbg");
	if (IS_ERR(tpmi_class)) {
		unregister_chrdev(tpmi_major, "tpmi_dbg");
		return PTR_ERR(tpmi_class);
	}

	dev = device_create(tpmi_class, NULL, MKDEV(tpmi_major, 0), NULL, "tpmi_dbg");
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		goto out_class;
	}
	return 0;

out_class:
	class_destroy(tpmi_class);
	unregister_chrdev(tpmi_major, "tpmi_dbg");
	return err;
}

static void __exit tpmi_dbg_exit(void)
{
	device_destroy(tpmi_class, MKDEV(tpmi_major, 0));
	class_destroy(tpmi_class);
	unregister_chrdev(tpmi_major, "tpmi_dbg");
}

module_init(tpmi_dbg_init);
module_exit(tpmi_dbg_exit);
MODULE_LICENSE("GPL");
