// SPDX-License-Identifier: GPL-2.0
#include <linux/init.h>
#include <linux/kernel.h>
#include "split.h"

int __init split_init(void)
{
	pr_info("split: up\n");
	return 0;
}

void __exit split_exit(void)
{
	pr_info("split: down\n");
}
