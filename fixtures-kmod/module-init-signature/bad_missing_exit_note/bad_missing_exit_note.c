// SPDX-License-Identifier: GPL-2.0
/*
 * Init is marked, exit is not.
 */
#include <linux/module.h>
#include <linux/workqueue.h>

static struct workqueue_struct *mxe_wq;

static int __init mxe_init(void)
{
	mxe_wq = alloc_workqueue("mxe", WQ_UNBOUND, 0);
	return mxe_wq ? 0 : -ENOMEM;
}

static void mxe_exit(void) /* expect: module-init-signature */
{
	destroy_workqueue(mxe_wq);
}

module_init(mxe_init);
module_exit(mxe_exit);
MODULE_LICENSE("GPL");
