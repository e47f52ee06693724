// SPDX-License-Identifier: GPL-2.0
/*
 * gcln: firmware blob upload with a goto-based cleanup path; the copy
 * status is read before the buffer is released.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#define GCLN_MAX_BLOB	(64 * 1024)

struct gcln_blob {
	u32		len;
	u32		crc;
	const void __user *data;
};

#define GCLN_IOC_LOAD	_IOW('u', 1, struct gcln_blob)

static int gcln_program(const u8 *data, u32 len, u32 crc)
{
	return (len && data[0] != 0xff) ? 0 : -EIO;
}

static long gcln_load(const void __user *argp)
{
	struct gcln_blob blob;
	unsigned long left;
	u8 *buf;
	long ret;

	if (copy_from_user(&blob, argp, sizeof(blob)))
		return -EFAULT;
	if (!blob.len || blob.len > GCLN_MAX_BLOB)
		return -EINVAL;

	buf = kmalloc(blob.len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;

	left = copy_from_user(buf, blob.data, blob.len);
	if (left) {
		ret = -EFAULT;
		goto out_free;
	}

	ret = gcln_program(buf, blob.len, blob.crc);

out_free:
	kfree(buf);
	return ret;
}

static long gcln_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	if (cmd != GCLN_IOC_LOAD)
		return -ENOTTY;
	return gcln_load((const void __user *)arg);
}

const struct file_operations gcln_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= gcln_ioctl,
	.llseek		= noop_llseek,
};
