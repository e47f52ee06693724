// SPDX-License-Identifier: GPL-2.0
/*
 * The shape from the forum thread: an init function that returns nothing,
 * registered with a call instead of the function itself.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>

static int seed_error;

void __init m_start(void) /* expect: module-init-signature */
{
	if (seed_error)
		pr_err("seed: cannot start\n");
	pr_info("seed: started\n");
}

module_init(m_start()) /* expect: module-init-call */

MODULE_LICENSE("GPL");
