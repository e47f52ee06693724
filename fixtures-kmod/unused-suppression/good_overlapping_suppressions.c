// SPDX-License-Identifier: GPL-2.0
/*
 * A line suppression under a file suppression for the same rule: both cover
 * the finding, and neither is called unused (which one was meant is a guess).
 */
/* kmodlint: ignore-file[unchecked-copy-user] -- generated compat shim */
#include <linux/fs.h>
#include <linux/uaccess.h>

static long shim_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	/* kmodlint: ignore[unchecked-copy-user] -- reply is optional */
	put_user(1, (u32 __user *)arg);
	return 0;
}
