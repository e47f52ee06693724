// SPDX-License-Identifier: GPL-2.0
/*
 * gofn: two functions both use a local named 'ret'.  Only the first one
 * assigns it from a user copy; the "< 0" test lives in the second.
 */
#include <linux/fs.h>
#include <linux/uaccess.h>

#define GOFN_BUF_SZ	256

static char gofn_buf[GOFN_BUF_SZ];

static int gofn_fetch(const char __user *ubuf, size_t len)
{
	unsigned long ret;

	ret = copy_from_user(gofn_buf, ubuf, len);
	return ret ? -EFAULT : 0;
}

static int gofn_parse(const char *s)
{
	int val, ret;

	ret = kstrtoint(s, 0, &val);
	if (ret < 0)
		return ret;
	return val;
}

static ssize_t gofn_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	int ret;

	if (count >= GOFN_BUF_SZ)
		return -EINVAL;
	ret = gofn_fetch(buf, count);
	if (ret < 0)
		return ret;
	gofn_buf[count] = '\0';

	ret = gofn_parse(gofn_buf);
	if (ret < 0)
		return ret;
	return count;
}

const struct file_operations gofn_fops = {
	.owner	= THIS_MODULE,
	.write	= gofn_write,
	.llseek	= noop_llseek,
};
