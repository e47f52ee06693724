// SPDX-License-Identifier: GPL-2.0
/*
 * goee: non-EFAULT errnos appear only on validation paths, after a copy
 * that succeeded, including in an else-if chain hanging off the test.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct goee_mode {
	u32 mode;
	u32 speed;
};

#define GOEE_IOC_MODE	_IOW('o', 1, struct goee_mode)
#define GOEE_MAX_MODE	3

static struct goee_mode goee_cur;
static bool goee_busy;

static long goee_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct goee_mode m;

	if (cmd != GOEE_IOC_MODE)
		return -ENOTTY;

	if (copy_from_user(&m, (void __user *)arg, sizeof(m)))
		return -EFAULT;
	else if (m.mode > GOEE_MAX_MODE)
		return -EINVAL;
	else if (goee_busy)
		return -EBUSY;

	if (m.speed == 0)
		return -ERANGE;
	goee_cur = m;
	return 0;
}

const struct file_operations goee_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= goee_ioctl,
	.llseek		= noop_llseek,
};
