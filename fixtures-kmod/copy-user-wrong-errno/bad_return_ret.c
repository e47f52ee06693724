// SPDX-License-Identifier: GPL-2.0
/*
 * wret: a read path that stores the copy remainder and returns it as if
 * it were an error code.
 */
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/uaccess.h>

#define WRET_FRAME	64

static u8 wret_frame[WRET_FRAME];
static DEFINE_MUTEX(wret_lock);

static ssize_t wret_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	ssize_t ret;

	if (count < WRET_FRAME)
		return -EINVAL;

	mutex_lock(&wret_lock);
	ret = copy_to_user(buf, wret_frame, WRET_FRAME);
	mutex_unlock(&wret_lock);
	if (ret)
		return ret; /* expect: copy-user-wrong-errno */

	return WRET_FRAME;
}

const struct file_operations wret_fops = {
	.owner	= THIS_MODULE,
	.read	= wret_read,
	.llseek	= noop_llseek,
};
