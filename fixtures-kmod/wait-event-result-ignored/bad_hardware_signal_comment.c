// SPDX-License-Identifier: GPL-2.0
/*
 * The comment at the wait is about the chip's DONE signal line, not about a
 * signal to the task: it says nothing of what an interrupted sleep does, and
 * the ioctl still returns success without the conversion.
 */
#include <linux/fs.h>
#include <linux/wait.h>

struct hsc_adc {
	wait_queue_head_t wq;
	bool done;
	u16 sample;
};

static long hsc_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct hsc_adc *adc = file->private_data;

	adc->done = false;
	/* wait for the DONE signal from the converter */
	wait_event_interruptible(adc->wq, adc->done); /* expect: wait-event-result-ignored */
	return adc->sample;
}

const struct file_operations hsc_fops = {
	.unlocked_ioctl = hsc_ioctl,
};
