// SPDX-License-Identifier: GPL-2.0
/*
 * Built-in board quirk that must run after the drivers have probed.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/of.h>

static int __init qboard_fixup_late(void)
{
	if (!of_machine_is_compatible("acme,qboard"))
		return 0;
	pr_info("qboard: applying late fixups\n");
	return 0;
}
late_initcall(qboard_fixup_late()); /* expect: module-init-call */
