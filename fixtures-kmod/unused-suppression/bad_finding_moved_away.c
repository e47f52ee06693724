// SPDX-License-Identifier: GPL-2.0
/*
 * A blank line slipped in between the comment and the call: the comment
 * covers its own line and the next one only, so it hides nothing and the
 * finding is reported.
 */
#include <linux/fs.h>
#include <linux/uaccess.h>

static long batt_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	u32 level = 80;

	/* kmodlint: ignore[unchecked-copy-user] -- userspace polls again */ /* expect: unused-suppression */

	put_user(level, (u32 __user *)arg); /* expect: unchecked-copy-user */
	return 0;
}
