// SPDX-License-Identifier: GPL-2.0
/*
 * The author says, at the wait, why the -ERESTARTSYS is not passed on: the
 * command has been issued either way and the caller checks signal_pending()
 * itself when it cares.
 */
#include <linux/wait.h>

struct cos_queue {
	wait_queue_head_t wq;
	unsigned long state;
};

#define COS_DRAINING 0

int cos_start_drain(struct cos_queue *q, bool may_sleep);

int cos_drain(struct cos_queue *q, bool interruptible)
{
	int ret = cos_start_drain(q, true);

	if (ret)
		return ret;
	if (interruptible)
		/*
		 * Do not return the error: the drain was started either way, and
		 * a caller that minds a signal checks signal_pending() itself.
		 */
		wait_event_interruptible(q->wq, !test_bit(COS_DRAINING, &q->state));
	else
		wait_event(q->wq, !test_bit(COS_DRAINING, &q->state));
	return 0;
}
