// SPDX-License-Identifier: GPL-2.0
/*
 * How the team handles linter output: kmodlint: ignored findings are listed
 * in the review notes, and anyone may ask why kmodlint: ignores exist at all.
 */
#include <linux/fs.h>
#include <linux/uaccess.h>

static u32 meter_scale;

static long meter_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	u32 scale;

	if (get_user(scale, (u32 __user *)arg))
		return -EFAULT;
	meter_scale = scale;
	return 0;
}
