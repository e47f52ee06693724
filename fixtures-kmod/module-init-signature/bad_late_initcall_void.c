// SPDX-License-Identifier: GPL-2.0
/*
 * Built-in code: initcalls are int (*)(void) as well.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/clk.h>

static void __init lcv_disable_unused(void) /* expect: module-init-signature */
{
	pr_info("lcv: gating unused clocks\n");
}
late_initcall(lcv_disable_unused);
