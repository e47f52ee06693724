// SPDX-License-Identifier: GPL-2.0
#include <linux/fs.h>
#include <linux/uaccess.h>

static u32 panel_brightness;

static long panel_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	/* kmodlint: ignore[unchecked-copy-user] */ /* expect: suppression-without-reason */
	put_user(panel_brightness, (u32 __user *)arg);
	clear_user((void __user *)arg + 4, 4); /* kmodlint: ignore[unchecked-copy-user] -- */ /* expect: suppression-without-reason */
	return 0;
}
