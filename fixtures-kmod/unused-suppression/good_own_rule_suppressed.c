// SPDX-License-Identifier: GPL-2.0
/*
 * This file is shared with older trees where the call below is not checked:
 * its suppression is stale here on purpose, and says so.
 */
/* kmodlint: ignore-file[unused-suppression] -- shared with the 5.4 backport branch */
#include <linux/fs.h>
#include <linux/uaccess.h>

static long compat_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	u32 mode;

	/* kmodlint: ignore[unchecked-copy-user] -- unchecked on 5.4 */
	if (get_user(mode, (u32 __user *)arg))
		return -EFAULT;
	return mode ? 0 : -EINVAL;
}
