// SPDX-License-Identifier: GPL-2.0
/*
 * read() waits up to a second for a sample, then copies whatever the
 * buffer holds: a signal and a timeout both hand stale data to userspace.
 */
#include <linux/fs.h>
#include <linux/wait.h>
#include <linux/uaccess.h>

struct rdt_sensor {
	wait_queue_head_t sample_wq;
	bool sample_ready;
	u32 sample;
};

static ssize_t rdt_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct rdt_sensor *s = file->private_data;

	if (count < sizeof(s->sample))
		return -EINVAL;
	wait_event_interruptible_timeout(s->sample_wq, s->sample_ready, HZ); /* expect: wait-event-result-ignored */
	s->sample_ready = false;
	if (copy_to_user(buf, &s->sample, sizeof(s->sample)))
		return -EFAULT;
	return sizeof(s->sample);
}

const struct file_operations rdt_fops = {
	.read = rdt_read,
};
