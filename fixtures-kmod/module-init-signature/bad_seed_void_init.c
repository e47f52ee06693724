// SPDX-License-Identifier: GPL-2.0
/*
 * The forum's module: a void init function with an empty parameter list.
 * insmod reads a return value the function never sets.
 */
#include <linux/module.h>
#include <linux/kernel.h>

static int sig_error;

void __init m_start() /* expect: module-init-signature */
{
	if (sig_error) {
		pr_err("m: failed\n");
		return;
	}
	pr_info("m: loaded\n");
}

static void __exit m_stop(void)
{
	pr_info("m: unloaded\n");
}

module_init(m_start);
module_exit(m_stop);
MODULE_LICENSE("GPL");
