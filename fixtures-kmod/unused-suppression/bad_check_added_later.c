// SPDX-License-Identifier: GPL-2.0
/*
 * The copy_from_user() result is checked now, but the suppression written
 * when it was not is still there: it would hide the next real finding.
 */
#include <linux/fs.h>
#include <linux/uaccess.h>

struct tmon_limits {
	u32 low;
	u32 high;
};

static struct tmon_limits tmon_limits;

static long tmon_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct tmon_limits limits;

	/* kmodlint: ignore[unchecked-copy-user] -- firmware fills in the rest */ /* expect: unused-suppression */
	if (copy_from_user(&limits, (void __user *)arg, sizeof(limits)))
		return -EFAULT;
	if (limits.low > limits.high)
		return -EINVAL;
	tmon_limits = limits;
	return 0;
}
