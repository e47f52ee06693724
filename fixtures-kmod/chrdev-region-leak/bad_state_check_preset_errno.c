// SPDX-License-Identifier: GPL-2.0
/*
 * lcd_strobe: character interface to a parallel-port LCD.
 * The error code is set once, before a board revision check whose test
 * reads no call result; its goto lands below cdev_del().
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/io.h>

#define STROBE_REV_OK	0x21

static dev_t strobe_devt;
static struct cdev strobe_cdev;
static void __iomem *strobe_regs;

static const struct file_operations strobe_fops = {
	.owner = THIS_MODULE,
};

static int __init strobe_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&strobe_devt, 0, 1, "lcd_strobe");
	if (ret)
		return ret;
	cdev_init(&strobe_cdev, &strobe_fops);
	ret = cdev_add(&strobe_cdev, strobe_devt, 1);
	if (ret)
		goto err_region;

	ret = -ENODEV;
	strobe_regs = ioremap(0x378, 8);
	if (!strobe_regs)
		goto err_cdev;
	if (readb(strobe_regs + 2) != STROBE_REV_OK)
		goto err_region; /* expect: chrdev-region-leak */
	return 0;

err_cdev:
	cdev_del(&strobe_cdev);
err_region:
	unregister_chrdev_region(strobe_devt, 1);
	return ret;
}

static void __exit strobe_exit(void)
{
	iounmap(strobe_regs);
	cdev_del(&strobe_cdev);
	unregister_chrdev_region(strobe_devt, 1);
}

module_init(strobe_init);
module_exit(strobe_exit);
MODULE_LICENSE("GPL");
