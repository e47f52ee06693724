// SPDX-License-Identifier: GPL-2.0
/* kmodlint: ignore-file[copy-user-wrong-errno] legacy -EINVAL ABI, see below */ /* expect: unused-suppression */
/*
 * The legacy ABI was dropped and every failure returns -EFAULT now; the
 * file-wide suppression outlived it.
 */
#include <linux/fs.h>
#include <linux/uaccess.h>

static u32 ledctl_pattern;

static long ledctl_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	u32 pattern;

	if (get_user(pattern, (u32 __user *)arg))
		return -EFAULT;
	ledctl_pattern = pattern;
	if (put_user(ledctl_pattern, (u32 __user *)arg))
		return -EFAULT;
	return 0;
}
