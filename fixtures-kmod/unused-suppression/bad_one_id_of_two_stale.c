// SPDX-License-Identifier: GPL-2.0
#include <linux/fs.h>
#include <linux/uaccess.h>

static u32 fanctl_duty;

static long fanctl_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	/* Only the first id still hides something: the second is reported. */
	put_user(fanctl_duty, (u32 __user *)arg); /* kmodlint: ignore[unchecked-copy-user, copy-user-wrong-errno] -- status only */ /* expect: unused-suppression */
	return 0;
}
