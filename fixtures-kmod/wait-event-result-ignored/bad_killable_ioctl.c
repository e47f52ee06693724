// SPDX-License-Identifier: GPL-2.0
/*
 * A firmware mailbox: the ioctl sleeps killably until the reply arrives,
 * and returns 0 when the process was killed.
 */
#include <linux/fs.h>
#include <linux/wait.h>
#include <linux/uaccess.h>

#define MBX_IOC_SEND	0x4d01

struct mbx_dev {
	wait_queue_head_t reply_wq;
	int replied;
	u32 reply;
};

static long mbx_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct mbx_dev *mbx = file->private_data;

	switch (cmd) {
	case MBX_IOC_SEND:
		mbx->replied = 0;
		wait_event_killable(mbx->reply_wq, mbx->replied); /* expect: wait-event-result-ignored */
		return put_user(mbx->reply, (u32 __user *)arg);
	default:
		return -ENOTTY;
	}
}

const struct file_operations mbx_fops = {
	.unlocked_ioctl = mbx_ioctl,
};
