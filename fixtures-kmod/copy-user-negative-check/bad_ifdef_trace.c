// SPDX-License-Identifier: GPL-2.0
/*
 * ntrc: an optional trace buffer reset, compiled only with
 * CONFIG_NTRC_TRACE, where the __clear_user() result is tested for < 0.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct ntrc_area {
	void __user	*base;
	u32		len;
};

#define NTRC_IOC_RESET	_IOW('T', 1, struct ntrc_area)

static u32 ntrc_resets;

static long ntrc_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
#ifdef CONFIG_NTRC_TRACE
	struct ntrc_area area;
	long err;
#endif

	switch (cmd) {
#ifdef CONFIG_NTRC_TRACE
	case NTRC_IOC_RESET:
		if (copy_from_user(&area, (void __user *)arg, sizeof(area)))
			return -EFAULT;
		if (!access_ok(area.base, area.len))
			return -EFAULT;
		err = __clear_user(area.base, area.len);
		if (err < 0) /* expect: copy-user-negative-check */
			return -EFAULT;
		ntrc_resets++;
		return 0;
#endif
	default:
		return -ENOTTY;
	}
}

const struct file_operations ntrc_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= ntrc_ioctl,
	.llseek		= noop_llseek,
};
