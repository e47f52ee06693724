// SPDX-License-Identifier: GPL-2.0
/*
 * whlp: a static helper returns copy_to_user()'s remainder as an int.
 * One caller checks it properly, but another returns it unchanged, so
 * the helper leaks a byte count as an errno.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct whlp_info {
	u32 serial;
	u32 hw_rev;
};

#define WHLP_IOC_INFO	_IOR('H', 1, struct whlp_info)
#define WHLP_IOC_INFO2	_IOR('H', 2, struct whlp_info)

static struct whlp_info whlp_dev = { .serial = 0x1234, .hw_rev = 2 };

static int whlp_fill(void __user *argp)
{
	return copy_to_user(argp, &whlp_dev, sizeof(whlp_dev)); /* expect: copy-user-wrong-errno */
}

static long whlp_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case WHLP_IOC_INFO:
		if (whlp_fill(argp))
			return -EFAULT;
		return 0;
	case WHLP_IOC_INFO2:
		/* "same as INFO, the helper already returns an error" */
		return whlp_fill(argp);
	default:
		return -ENOTTY;
	}
}

const struct file_operations whlp_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= whlp_ioctl,
	.llseek		= noop_llseek,
};
