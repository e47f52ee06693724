// SPDX-License-Identifier: GPL-2.0
/*
 * gsne: strncpy_from_user() returns its own negative errno, and drivers
 * legitimately map "string too long" or "empty" to other codes.  This is
 * outside copy-user-wrong-errno.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define GSNE_FW_NAME	32
#define GSNE_IOC_FW	_IOW('s', 3, char[GSNE_FW_NAME])
#define GSNE_IOC_TAG	_IOW('s', 4, char[GSNE_FW_NAME])

static char gsne_fw[GSNE_FW_NAME];
static char gsne_tag[GSNE_FW_NAME];

static long gsne_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	const char __user *ustr = (const char __user *)arg;
	char name[GSNE_FW_NAME];
	long len;

	switch (cmd) {
	case GSNE_IOC_FW:
		len = strncpy_from_user(name, ustr, sizeof(name));
		if (len < 0)
			return len;
		if (len == 0)
			return -EINVAL;
		if (len == sizeof(name))
			return -ENAMETOOLONG;
		strscpy(gsne_fw, name, sizeof(gsne_fw));
		return 0;
	case GSNE_IOC_TAG:
		if (strncpy_from_user(name, ustr, sizeof(name) - 1) < 0)
			return -EINVAL;
		name[sizeof(name) - 1] = '\0';
		strscpy(gsne_tag, name, sizeof(gsne_tag));
		return 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations gsne_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= gsne_ioctl,
	.llseek		= noop_llseek,
};
