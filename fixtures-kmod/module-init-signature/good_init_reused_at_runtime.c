// SPDX-License-Identifier: GPL-2.0
/*
 * The init function also re-arms the hardware after a reset at runtime:
 * it cannot be __init.
 */
#include <linux/module.h>
#include <linux/workqueue.h>

static int rr_generation;

static int rr_hw_setup(void)
{
	rr_generation++;
	return 0;
}

static void rr_reset_work(struct work_struct *work)
{
	rr_hw_setup();
}
static DECLARE_WORK(rr_reset, rr_reset_work);

static void __exit rr_exit(void)
{
	cancel_work_sync(&rr_reset);
}

module_init(rr_hw_setup);
module_exit(rr_exit);
MODULE_LICENSE("GPL");
