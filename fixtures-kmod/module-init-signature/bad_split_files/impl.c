// SPDX-License-Identifier: GPL-2.0
#include <linux/init.h>
#include <linux/kernel.h>
#include "impl.h"

void __init spv_start(void)
{
	pr_info("spv: up\n");
}

void __exit spv_stop(void)
{
	pr_info("spv: down\n");
}
