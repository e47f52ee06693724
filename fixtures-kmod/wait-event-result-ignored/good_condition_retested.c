// SPDX-License-Identifier: GPL-2.0
/*
 * After the sleep the condition itself is tested again: a signal (or a
 * timeout) fails the operation.
 */
#include <linux/wait.h>
#include <linux/i2c.h>

struct gcr_bus {
	wait_queue_head_t xfer_wq;
	int state;
};

#define GCR_IDLE 0

static int gcr_xfer(struct i2c_adapter *adap, struct i2c_msg *msgs, int num)
{
	struct gcr_bus *bus = i2c_get_adapdata(adap);

	wait_event_interruptible_timeout(bus->xfer_wq, bus->state == GCR_IDLE, HZ / 10);
	if (bus->state != GCR_IDLE)
		return -EIO;
	return num;
}

const struct i2c_algorithm gcr_algo = {
	.master_xfer = gcr_xfer,
};
