// SPDX-License-Identifier: GPL-2.0
/*
 * The exit function is also the init function's error path: it must not
 * be __exit (that would be a section mismatch), so no note.
 */
#include <linux/module.h>
#include <linux/slab.h>

static void *ecf_a, *ecf_b;

static void ecf_cleanup(void)
{
	kfree(ecf_b);
	kfree(ecf_a);
}

static int __init ecf_init(void)
{
	ecf_a = kzalloc(64, GFP_KERNEL);
	ecf_b = kzalloc(64, GFP_KERNEL);
	if (!ecf_a || !ecf_b) {
		ecf_cleanup();
		return -ENOMEM;
	}
	return 0;
}

module_init(ecf_init);
module_exit(ecf_cleanup);
MODULE_LICENSE("GPL");
