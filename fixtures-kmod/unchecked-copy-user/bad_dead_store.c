// SPDX-License-Identifier: GPL-2.0
/*
 * dstore: reports firmware version information.  The copy result lands in
 * a local that nobody ever looks at again.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/string.h>
#include <linux/uaccess.h>

struct dstore_version {
	u16 major;
	u16 minor;
	char build[24];
};

#define DSTORE_IOC_VERSION	_IOR('d', 7, struct dstore_version)

static void dstore_fill_version(struct dstore_version *v)
{
	memset(v, 0, sizeof(*v));
	v->major = 2;
	v->minor = 11;
	strscpy(v->build, "dstore-2024", sizeof(v->build));
}

static long dstore_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct dstore_version ver;
	unsigned long ret;

	if (cmd != DSTORE_IOC_VERSION)
		return -ENOTTY;

	dstore_fill_version(&ver);
	ret = copy_to_user((void __user *)arg, &ver, sizeof(ver)); /* expect: unchecked-copy-user */

	return 0;
}

static int dstore_open(struct inode *inode, struct file *file)
{
	return nonseekable_open(inode, file);
}

const struct file_operations dstore_fops = {
	.owner		= THIS_MODULE,
	.open		= dstore_open,
	.unlocked_ioctl	= dstore_ioctl,
	.llseek		= noop_llseek,
};
