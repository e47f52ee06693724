// SPDX-License-Identifier: GPL-2.0
/*
 * dspmem: the helper that creates the nodes leaves the class to its caller,
 * whose failure branch destroys it.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/device.h>

#define DSPMEM_NODES 2

static int dspmem_major;
static struct class *dspmem_class;

static const struct file_operations dspmem_fops = {
	.owner = THIS_MODULE,
};

static int dspmem_create_nodes(void)
{
	struct device *dev;

	dspmem_class = class_create("dspmem");
	if (IS_ERR(dspmem_class))
		return PTR_ERR(dspmem_class);

	dev = device_create(dspmem_class, NULL, MKDEV(dspmem_major, 0), NULL, "dspmem0");
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	return 0;
}

static void dspmem_remove_nodes(void)
{
	device_destroy(dspmem_class, MKDEV(dspmem_major, 0));
	class_destroy(dspmem_class);
}

static int __init dspmem_init(void)
{
	int ret;

	dspmem_major = register_chrdev(0, "dspmem", &dspmem_fops);
	if (dspmem_major < 0)
		return dspmem_major;

	ret = dspmem_create_nodes();
	if (ret) {
		if (!IS_ERR_OR_NULL(dspmem_class))
			class_destroy(dspmem_class);
		goto err_chrdev;
	}
	return 0;

err_chrdev:
	unregister_chrdev(dspmem_major, "dspmem");
	return ret;
}

static void __exit dspmem_exit(void)
{
	dspmem_remove_nodes();
	unregister_chrdev(dspmem_major, "dspmem");
}

module_init(dspmem_init);
module_exit(dspmem_exit);
MODULE_LICENSE("GPL");
