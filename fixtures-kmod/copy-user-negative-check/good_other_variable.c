// SPDX-License-Identifier: GPL-2.0
/*
 * govr: the "< 0" test is on a different variable than the one that
 * received the copy result.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct govr_query {
	s32 channel;
	s32 reading;
};

#define GOVR_IOC_QUERY	_IOWR('O', 1, struct govr_query)

static int govr_measure(int channel)
{
	if (channel < 0 || channel > 7)
		return -EINVAL;
	return 1000 + channel;
}

static long govr_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	struct govr_query q;
	unsigned long left;
	int reading;

	if (cmd != GOVR_IOC_QUERY)
		return -ENOTTY;

	left = copy_from_user(&q, argp, sizeof(q));
	if (left)
		return -EFAULT;

	reading = govr_measure(q.channel);
	if (reading < 0)
		return reading;
	q.reading = reading;

	left = copy_to_user(argp, &q, sizeof(q));
	return left ? -EFAULT : 0;
}

const struct file_operations govr_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= govr_ioctl,
	.llseek		= noop_llseek,
};
