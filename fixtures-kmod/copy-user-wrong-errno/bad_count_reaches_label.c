// SPDX-License-Identifier: GPL-2.0
/*
 * tbuf: a trace buffer whose read handler keeps copy_to_user()'s result
 * in ret and returns it from the shared exit label: a fault hands
 * userspace the number of bytes not copied, which reads as a short read.
 */
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/uaccess.h>

#define TBUF_LEN	512

static DEFINE_MUTEX(tbuf_lock);
static char tbuf_data[TBUF_LEN];

static ssize_t tbuf_read(struct file *file, char __user *ubuf, size_t len,
			 loff_t *ppos)
{
	ssize_t ret;

	if (len > TBUF_LEN)
		len = TBUF_LEN;
	mutex_lock(&tbuf_lock);
	ret = copy_to_user(ubuf, tbuf_data, len);
	if (ret)
		goto out;
	ret = len;
out:
	mutex_unlock(&tbuf_lock);
	return ret; /* expect: copy-user-wrong-errno */
}

/* Near miss: the same shape, but the error branch turns the count into -EFAULT. */
static ssize_t tbuf_read_fixed(struct file *file, char __user *ubuf, size_t len,
			       loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&tbuf_lock);
	ret = copy_to_user(ubuf, tbuf_data, min_t(size_t, len, TBUF_LEN));
	if (ret) {
		ret = -EFAULT;
		goto out;
	}
	ret = min_t(size_t, len, TBUF_LEN);
out:
	mutex_unlock(&tbuf_lock);
	return ret;
}

const struct file_operations tbuf_fops = {
	.owner	= THIS_MODULE,
	.read	= tbuf_read,
};

const struct file_operations tbuf_fixed_fops = {
	.owner	= THIS_MODULE,
	.read	= tbuf_read_fixed,
};
