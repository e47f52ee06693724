// SPDX-License-Identifier: GPL-2.0
/*
 * Built-in code with several initcall levels, each given its function.
 */
#include <linux/init.h>
#include <linux/kernel.h>

static int early_ready;

static int __init ic_core_setup(void)
{
	early_ready = 1;
	return 0;
}
core_initcall(ic_core_setup);

static int __init ic_late_report(void)
{
	pr_info("ic: core setup %s\n", early_ready ? "done" : "missing");
	return 0;
}
late_initcall_sync(ic_late_report);
