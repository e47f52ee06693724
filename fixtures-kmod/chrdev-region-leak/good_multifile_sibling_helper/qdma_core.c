// SPDX-License-Identifier: GPL-2.0
/*
 * qdma: queue DMA engine. Init and exit are here; the char device and its
 * teardown are in qdma_cdev.c.
 */
#include <linux/module.h>
#include "qdma.h"

static int __init qdma_init(void)
{
	int ret;

	ret = qdma_cdev_register();
	if (ret)
		return ret;

	ret = qdma_engine_start();
	if (ret) {
		qdma_cdev_unregister();
		return ret;
	}
	return 0;
}

static void __exit qdma_exit(void)
{
	qdma_engine_stop();
	qdma_cdev_unregister();
}

module_init(qdma_init);
module_exit(qdma_exit);
MODULE_LICENSE("GPL");
