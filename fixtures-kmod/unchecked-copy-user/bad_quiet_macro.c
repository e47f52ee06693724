// SPDX-License-Identifier: GPL-2.0
/*
 * quiet: a sensor driver with a "convenience" macro that runs an
 * expression for its side effect only.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

#define QUIET_DO(x)	do { x; } while (0)
#define QUIET_TRY(x)	({ if (x) return -EFAULT; })

struct quiet_sample {
	s32 temp_mc;
	s32 humidity;
};

#define QUIET_IOC_SAMPLE	_IOR('q', 1, struct quiet_sample)
#define QUIET_IOC_RESET		_IOW('q', 2, int)

static struct quiet_sample quiet_last;

static long quiet_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	int mode;

	switch (cmd) {
	case QUIET_IOC_SAMPLE:
		QUIET_DO(copy_to_user(argp, &quiet_last, sizeof(quiet_last))); /* expect: unchecked-copy-user */
		return 0;
	case QUIET_IOC_RESET:
		QUIET_TRY(get_user(mode, (int __user *)argp));
		if (mode)
			quiet_last.temp_mc = 0;
		return 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations quiet_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= quiet_ioctl,
	.llseek		= noop_llseek,
};
