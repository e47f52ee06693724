// SPDX-License-Identifier: GPL-2.0
/*
 * wraw: returns the result of copy_to_user() straight from the ioctl.
 * On a fault user space sees a small positive number instead of -EFAULT.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/string.h>
#include <linux/uaccess.h>

struct wraw_caps {
	u32 version;
	u32 features;
	char model[16];
};

#define WRAW_IOC_CAPS	_IOR('y', 1, struct wraw_caps)
#define WRAW_IOC_RESET	_IO('y', 2)

static long wraw_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct wraw_caps caps;

	switch (cmd) {
	case WRAW_IOC_CAPS:
		memset(&caps, 0, sizeof(caps));
		caps.version = 3;
		caps.features = 0x15;
		strscpy(caps.model, "wraw-mk2", sizeof(caps.model));
		return copy_to_user((void __user *)arg, &caps, sizeof(caps)); /* expect: copy-user-wrong-errno */
	case WRAW_IOC_RESET:
		return 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations wraw_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= wraw_ioctl,
	.llseek		= noop_llseek,
};
