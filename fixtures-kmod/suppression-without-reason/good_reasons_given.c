// SPDX-License-Identifier: GPL-2.0
/* kmodlint: ignore-file[copy-user-wrong-errno] historic -EINVAL ABI, documented in the UAPI header */
#include <linux/fs.h>
#include <linux/uaccess.h>

static u32 hwmon_interval;

static long hwmon_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	u32 interval;

	if (get_user(interval, (u32 __user *)arg))
		return -EINVAL;
	hwmon_interval = interval;
	/* kmodlint: ignore[unchecked-copy-user] -- the echo is advisory */
	put_user(hwmon_interval, (u32 __user *)arg);
	clear_user((void __user *)arg + 4, 4); // kmodlint: ignore[unchecked-copy-user] padding only
	return 0;
}
