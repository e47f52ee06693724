// SPDX-License-Identifier: GPL-2.0
/*
 * Uninterruptible waits have no -ERESTARTSYS to lose.
 */
#include <linux/wait.h>
#include <linux/device.h>

struct gu_dev {
	wait_queue_head_t wq;
	bool quiesced;
};

void gu_shutdown(struct gu_dev *d)
{
	wait_event(d->wq, d->quiesced);
	wait_event_timeout(d->wq, d->quiesced, HZ);
	wait_event_idle(d->wq, d->quiesced);
}
