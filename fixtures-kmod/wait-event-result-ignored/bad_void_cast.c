// SPDX-License-Identifier: GPL-2.0
/*
 * The (void) says "on purpose", but poll-less readers still get an empty
 * read on a signal: reported as a note.
 */
#include <linux/fs.h>
#include <linux/wait.h>
#include <linux/uaccess.h>
#include <linux/kfifo.h>

struct vc_log {
	wait_queue_head_t wq;
	DECLARE_KFIFO(fifo, char, 256);
};

static ssize_t vc_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct vc_log *log = file->private_data;
	unsigned int copied;
	int ret;

	(void)wait_event_interruptible(log->wq, !kfifo_is_empty(&log->fifo)); /* expect: wait-event-result-ignored */
	ret = kfifo_to_user(&log->fifo, buf, count, &copied);
	return ret ? ret : copied;
}

const struct file_operations vc_fops = {
	.read = vc_read,
};
