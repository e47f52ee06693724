// SPDX-License-Identifier: GPL-2.0
/*
 * Waiting in a loop: once a signal is pending the wait returns at once,
 * every time, and the loop spins until the event arrives.
 */
#include <linux/fs.h>
#include <linux/wait.h>

struct bsl_port {
	wait_queue_head_t tx_wq;
	unsigned int tx_free;
};

static int bsl_flush(struct file *file, fl_owner_t id)
{
	struct bsl_port *port = file->private_data;

	while (port->tx_free < 16)
		wait_event_interruptible(port->tx_wq, port->tx_free >= 16); /* expect: wait-event-result-ignored */
	return 0;
}

const struct file_operations bsl_fops = {
	.flush = bsl_flush,
};
