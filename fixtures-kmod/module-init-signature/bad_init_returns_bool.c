// SPDX-License-Identifier: GPL-2.0
/*
 * bool looks like success/failure, but 1 (true) is not an errno and
 * 0 (false, the failure) means "loaded" to the module loader.
 */
#include <linux/module.h>
#include <linux/input.h>

static struct input_dev *btn_input;

static bool __init btn_init(void) /* expect: module-init-signature */
{
	btn_input = input_allocate_device();
	if (!btn_input)
		return false;
	btn_input->name = "demo button";
	input_set_capability(btn_input, EV_KEY, KEY_POWER);
	return input_register_device(btn_input) == 0;
}

static void __exit btn_exit(void)
{
	input_unregister_device(btn_input);
}

module_init(btn_init);
module_exit(btn_exit);
MODULE_LICENSE("GPL");
