// SPDX-License-Identifier: GPL-2.0
/*
 * irblast: a label shared by the success path (ret holds the number of
 * emitters found, >= 0) and the error path, and a class destroyed only
 * when one was made.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/device.h>

static int irb_major;
static struct class *irb_class;
static bool irb_nodes = true;
module_param(irb_nodes, bool, 0444);

static const struct file_operations irb_fops = {
	.owner = THIS_MODULE,
};

int irb_count_emitters(void);

static int __init irb_init(void)
{
	int ret;

	irb_major = register_chrdev(0, "irblast", &irb_fops);
	if (irb_major < 0)
		return irb_major;
	if (irb_nodes) {
		irb_class = class_create("irblast");
		if (IS_ERR(irb_class)) {
			ret = PTR_ERR(irb_class);
			irb_class = NULL;
			goto out_chrdev;
		}
	}
	ret = irb_count_emitters();
	if (ret >= 0)
		goto out;
	if (irb_class)
		class_destroy(irb_class);
out_chrdev:
	unregister_chrdev(irb_major, "irblast");
out:
	return ret < 0 ? ret : 0;
}

static void __exit irb_exit(void)
{
	if (irb_class)
		class_destroy(irb_class);
	unregister_chrdev(irb_major, "irblast");
}

module_init(irb_init);
module_exit(irb_exit);
MODULE_LICENSE("GPL");
