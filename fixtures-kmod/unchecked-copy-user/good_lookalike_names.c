// SPDX-License-Identifier: GPL-2.0
/*
 * glook: things that look like copy_from_user() but are not the kernel
 * function: comments, strings, a local wrapper and a transport ops field
 * that happens to be called copy_to_user.
 *
 *	copy_to_user(buf, data, len);   <- example in a comment, not code
 */
#include <linux/fs.h>
#include <linux/uaccess.h>

struct glook_transport_ops {
	int (*copy_to_user)(void *ctx, const void *src, size_t len);
	int (*flush)(void *ctx);
};

struct glook_dev {
	const struct glook_transport_ops *ops;
	void *ctx;
	u8 scratch[64];
};

static int glook_copy_from_user_wrapper(void *dst, const void __user *src, size_t n)
{
	return copy_from_user(dst, src, n) ? -EFAULT : 0;
}

static ssize_t glook_write(struct file *file, const char __user *buf,
			   size_t count, loff_t *ppos)
{
	struct glook_dev *dev = file->private_data;
	size_t n = min_t(size_t, count, sizeof(dev->scratch));

	pr_debug("glook: copy_from_user(%zu bytes)\n", n);
	if (glook_copy_from_user_wrapper(dev->scratch, buf, n))
		return -EFAULT;

	/* mirror to the transport; its status is reported via flush() */
	dev->ops->copy_to_user(dev->ctx, dev->scratch, n);
	if (dev->ops->flush(dev->ctx))
		return -EIO;
	return n;
}

const struct file_operations glook_fops = {
	.owner	= THIS_MODULE,
	.write	= glook_write,
	.llseek	= noop_llseek,
};
