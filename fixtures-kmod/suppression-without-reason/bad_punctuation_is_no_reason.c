// SPDX-License-Identifier: GPL-2.0
/* kmodlint: ignore-file[copy-user-wrong-errno] ... */ /* expect: suppression-without-reason */
#include <linux/fs.h>
#include <linux/uaccess.h>

static u32 rtc_alarm;

static long rtc_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	u32 alarm;

	if (get_user(alarm, (u32 __user *)arg))
		return -EINVAL;
	rtc_alarm = alarm;
	return 0;
}
