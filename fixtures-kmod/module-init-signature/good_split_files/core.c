// SPDX-License-Identifier: GPL-2.0
/*
 * Entry points registered here, defined in main.c of the same driver.
 */
#include <linux/module.h>
#include "split.h"

module_init(split_init);
module_exit(split_exit);
MODULE_LICENSE("GPL");
