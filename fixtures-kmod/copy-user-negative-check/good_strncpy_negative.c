// SPDX-License-Identifier: GPL-2.0
/*
 * gsnc: strncpy_from_user() really does return a negative errno on
 * fault, so "< 0" is the right test for it.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define GSNC_LABEL_LEN		24
#define GSNC_IOC_LABEL		_IOW('S', 1, char[GSNC_LABEL_LEN])
#define GSNC_IOC_ALIAS		_IOW('S', 2, char[GSNC_LABEL_LEN])

static char gsnc_label[GSNC_LABEL_LEN];
static char gsnc_alias[GSNC_LABEL_LEN];

static long gsnc_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	const char __user *ustr = (const char __user *)arg;
	char tmp[GSNC_LABEL_LEN];
	long len;

	switch (cmd) {
	case GSNC_IOC_LABEL:
		len = strncpy_from_user(tmp, ustr, sizeof(tmp));
		if (len < 0)
			return len;
		if (len == sizeof(tmp))
			return -ENAMETOOLONG;
		strscpy(gsnc_label, tmp, sizeof(gsnc_label));
		return 0;
	case GSNC_IOC_ALIAS:
		if (strncpy_from_user(tmp, ustr, sizeof(tmp) - 1) < 0)
			return -EFAULT;
		tmp[sizeof(tmp) - 1] = '\0';
		strscpy(gsnc_alias, tmp, sizeof(gsnc_alias));
		return 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations gsnc_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= gsnc_ioctl,
	.llseek		= noop_llseek,
};
