// SPDX-License-Identifier: GPL-2.0
/*
 * Registered here, defined (wrongly) in impl.c of the same driver.
 */
#include <linux/module.h>
#include "impl.h"

module_init(spv_start); /* expect: module-init-signature */
module_exit(spv_stop);
MODULE_LICENSE("GPL");
