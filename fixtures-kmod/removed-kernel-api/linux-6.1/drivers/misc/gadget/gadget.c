// SPDX-License-Identifier: GPL-2.0
/*
 * A 6.1-era misc driver: strlcpy() and class_create(THIS_MODULE, name) are the
 * current API of that kernel (they went in 6.8 and 6.4), ACCESS_ONCE() is not.
 */
#include <linux/module.h>
#include <linux/device.h>
#include <linux/string.h>

static struct class *gadget_class;
static char gadget_label[32];
static int gadget_state;

static int __init gadget_init(void)
{
	strlcpy(gadget_label, "gadget", sizeof(gadget_label));
	gadget_class = class_create(THIS_MODULE, "gadget");
	if (IS_ERR(gadget_class))
		return PTR_ERR(gadget_class);
	return ACCESS_ONCE(gadget_state); /* expect: removed-kernel-api */
}

static void __exit gadget_exit(void)
{
	class_destroy(gadget_class);
}

module_init(gadget_init);
module_exit(gadget_exit);
MODULE_LICENSE("GPL");
