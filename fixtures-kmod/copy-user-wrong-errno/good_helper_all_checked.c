// SPDX-License-Identifier: GPL-2.0
/*
 * ghac: a static helper returns copy_to_user()'s remainder as an int,
 * but every caller in this file maps a non-zero result to -EFAULT.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct ghac_temp {
	s32 milli_c;
	u32 sensor;
};

#define GHAC_IOC_T0	_IOR('T', 10, struct ghac_temp)
#define GHAC_IOC_T1	_IOR('T', 11, struct ghac_temp)

static struct ghac_temp ghac_sensors[2];

static int ghac_fill(void __user *argp, unsigned int idx)
{
	return copy_to_user(argp, &ghac_sensors[idx], sizeof(ghac_sensors[idx]));
}

static long ghac_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case GHAC_IOC_T0:
		if (ghac_fill(argp, 0))
			return -EFAULT;
		return 0;
	case GHAC_IOC_T1:
		if (ghac_fill(argp, 1))
			return -EFAULT;
		return 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations ghac_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= ghac_ioctl,
	.llseek		= noop_llseek,
};
