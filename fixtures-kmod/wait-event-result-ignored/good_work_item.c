// SPDX-License-Identifier: GPL-2.0
/*
 * A work item runs in a kworker thread: no signals there either.
 */
#include <linux/workqueue.h>
#include <linux/wait.h>

struct gw_dev {
	struct work_struct reset_work;
	wait_queue_head_t idle_wq;
	int busy;
};

static void gw_reset_work(struct work_struct *work)
{
	struct gw_dev *d = container_of(work, struct gw_dev, reset_work);

	wait_event_interruptible_timeout(d->idle_wq, !d->busy, HZ);
	d->busy = 0;
}

void gw_setup(struct gw_dev *d)
{
	INIT_WORK(&d->reset_work, gw_reset_work);
	init_waitqueue_head(&d->idle_wq);
}
