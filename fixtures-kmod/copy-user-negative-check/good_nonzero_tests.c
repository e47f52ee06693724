// SPDX-License-Identifier: GPL-2.0
/*
 * gnzt: the correct ways to test a byte-count result: non-zero, "!= 0",
 * "> 0", and a ternary.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct gnzt_cal {
	s16 offset[4];
	u16 scale[4];
};

#define GNZT_IOC_SET	_IOW('Z', 1, struct gnzt_cal)
#define GNZT_IOC_GET	_IOR('Z', 2, struct gnzt_cal)
#define GNZT_IOC_RESET	_IOW('Z', 3, struct gnzt_cal)

static struct gnzt_cal gnzt_cal;

static long gnzt_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	struct gnzt_cal c;
	unsigned long left;

	switch (cmd) {
	case GNZT_IOC_SET:
		if (copy_from_user(&c, argp, sizeof(c)) != 0)
			return -EFAULT;
		if (c.offset[0] < 0 && c.scale[0] == 0)
			return -EINVAL;
		gnzt_cal = c;
		return 0;
	case GNZT_IOC_GET:
		left = copy_to_user(argp, &gnzt_cal, sizeof(gnzt_cal));
		if (left > 0)
			return -EFAULT;
		return 0;
	case GNZT_IOC_RESET:
		memset(&gnzt_cal, 0, sizeof(gnzt_cal));
		return clear_user(argp, sizeof(gnzt_cal)) ? -EFAULT : 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations gnzt_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= gnzt_ioctl,
	.llseek		= noop_llseek,
};
