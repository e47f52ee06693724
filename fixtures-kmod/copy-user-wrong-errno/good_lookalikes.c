// SPDX-License-Identifier: GPL-2.0
/*
 * glka: look-alikes that are not the kernel's copy functions.  A bus ops
 * table has a member named copy_from_user, and a local wrapper is named
 * copy_from_user_wrapper; both may fail with -EIO/-EINVAL legitimately.
 * ("if (copy_from_user(...)) return -EINVAL;" appears only in this comment.)
 */
#include <linux/fs.h>
#include <linux/uaccess.h>

struct glka_bus_ops {
	int (*copy_from_user)(void *bus, u8 *dst, size_t len);
	int (*copy_to_user)(void *bus, const u8 *src, size_t len);
};

struct glka_dev {
	const struct glka_bus_ops *ops;
	void *bus;
	u8 buf[32];
};

static int glka_copy_from_user_wrapper(struct glka_dev *d, const char __user *ubuf,
				       size_t n)
{
	if (copy_from_user(d->buf, ubuf, n))
		return -EFAULT;
	return n < 4 ? -EINVAL : 0;
}

static ssize_t glka_write(struct file *file, const char __user *ubuf,
			  size_t count, loff_t *ppos)
{
	struct glka_dev *d = file->private_data;
	size_t n = min_t(size_t, count, sizeof(d->buf));
	int ret;

	ret = glka_copy_from_user_wrapper(d, ubuf, n);
	if (ret)
		return ret;
	if (d->ops->copy_to_user(d->bus, d->buf, n))
		return -EIO;
	if (d->ops->copy_from_user(d->bus, d->buf, 1))
		return -EIO;
	pr_debug("glka: copy_to_user failed? no, bus ack=%u\n", d->buf[0]);
	return n;
}

const struct file_operations glka_fops = {
	.owner	= THIS_MODULE,
	.write	= glka_write,
	.llseek	= noop_llseek,
};
