// SPDX-License-Identifier: GPL-2.0
/*
 * orch: a radio modem whose ioctl folds the NULL check and the copy into
 * one condition that returns -EINVAL for both, and a helper that returns
 * -1 (read by userspace as -EPERM) when get_user() faults.
 */
#include <linux/fs.h>
#include <linux/uaccess.h>

struct orch_cfg {
	u32 baud;
	u32 mode;
};

static struct orch_cfg orch_cur;

static long orch_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	u32 mode;

	switch (cmd) {
	case 1:
		if (!argp || copy_from_user(&orch_cur, argp, sizeof(orch_cur)))
			return -EINVAL; /* expect: copy-user-wrong-errno */
		return 0;
	case 2:
		if (get_user(mode, (u32 __user *)argp))
			return -1; /* expect: copy-user-wrong-errno */
		orch_cur.mode = mode;
		return 0;
	case 3:
		/* Near miss: the NULL check has its own errno, the copy gets -EFAULT. */
		if (!argp)
			return -EINVAL;
		if (copy_to_user(argp, &orch_cur, sizeof(orch_cur)))
			return -EFAULT;
		return 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations orch_fops = {
	.unlocked_ioctl	= orch_ioctl,
};
