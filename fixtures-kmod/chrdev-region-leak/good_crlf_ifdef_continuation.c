// SPDX-License-Identifier: GPL-2.0
/*
 * pmic_ctl: CRLF line endings, an optional class under #ifdef, and a goto
 * that skips an optional step on the success path (not an error path).
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/device.h>

static dev_t pmic_devt;
static struct cdev pmic_cdev;
#ifdef CONFIG_PMIC_CTL_SYSFS
static struct class *pmic_class;
#endif
static bool no_node;
module_param(no_node, bool, 0444);

static const struct file_operations pmic_fops = {
	.owner = THIS_MODULE,
};

static int __init pmic_ctl_init(void)
{
	int ret;

	if ((ret = alloc_chrdev_region(&pmic_devt, 0, 1, "pmic_ctl")) < 0)
		return ret;

	cdev_init(&pmic_cdev, &pmic_fops);
	ret = cdev_add(&pmic_cdev, pmic_devt, 1);
	if (unlikely(ret)) {
		unregister_chrdev_region(pmic_devt, 1);
		return ret;
	}

	if (no_node)
		goto done;

#ifdef CONFIG_PMIC_CTL_SYSFS
	pmic_class = class_create("pmic_ctl");
	if (IS_ERR(pmic_class)) {
		ret = PTR_ERR(pmic_class);
		goto err_cdev;
	}
	device_create(pmic_class, NULL, pmic_devt, NULL, "pmic_ctl");
#endif
done:
	pr_info("pmic_ctl: ready\n");
	return 0;

#ifdef CONFIG_PMIC_CTL_SYSFS
err_cdev:
	cdev_del(&pmic_cdev);
	unregister_chrdev_region(pmic_devt, 1);
	return ret;
#endif
}

static void __exit pmic_ctl_exit(void)
{
#ifdef CONFIG_PMIC_CTL_SYSFS
	if (!no_node) {
		device_destroy(pmic_class, pmic_devt);
		class_destroy(pmic_class);
	}
#endif
	cdev_del(&pmic_cdev);
	unregister_chrdev_region(pmic_devt, 1);
}

module_init(pmic_ctl_init);
module_exit(pmic_ctl_exit);
MODULE_LICENSE("GPL");
