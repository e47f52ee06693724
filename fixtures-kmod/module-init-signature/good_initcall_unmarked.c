// SPDX-License-Identifier: GPL-2.0
/*
 * Initcalls of built-in code: the signature is checked, the __init note
 * is only about module entry points.
 */
#include <linux/init.h>
#include <linux/kernel.h>

static int iu_ready;

static int iu_arch_setup(void)
{
	iu_ready = 1;
	return 0;
}
arch_initcall(iu_arch_setup);
