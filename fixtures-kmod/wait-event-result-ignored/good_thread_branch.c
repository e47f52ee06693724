// SPDX-License-Identifier: GPL-2.0
/*
 * One helper serves both a user process (the default client, which takes
 * the result into account) and the driver's kernel threads: the branch whose
 * condition asks kthread_should_stop() runs in a thread, where no signal
 * arrives.
 */
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/wait.h>

struct tbr_client {
	wait_queue_head_t wq;
	bool is_default;
	unsigned long pending;
	bool destroying;
};

int tbr_client_wait(struct tbr_client *client)
{
	if (client->is_default) {
		int ret = wait_event_interruptible(client->wq, client->pending || client->destroying);

		if (ret)
			return ret;
		if (client->destroying)
			return -ENODEV;
	} else {
		wait_event_interruptible(client->wq, client->pending || kthread_should_stop());
	}
	return 0;
}

static long tbr_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return tbr_client_wait(file->private_data);
}

const struct file_operations tbr_fops = {
	.unlocked_ioctl = tbr_ioctl,
};
