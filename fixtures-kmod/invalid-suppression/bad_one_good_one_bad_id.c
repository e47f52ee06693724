// SPDX-License-Identifier: GPL-2.0
#include <linux/fs.h>
#include <linux/uaccess.h>

static u32 legacy_mode;

static long legacy_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	/* The known id still suppresses; the unknown one is reported. */
	get_user(legacy_mode, (u32 __user *)arg); /* kmodlint: ignore[unchecked-copy-user, no-such-rule] -- legacy ABI */ /* expect: invalid-suppression */
	return 0;
}
