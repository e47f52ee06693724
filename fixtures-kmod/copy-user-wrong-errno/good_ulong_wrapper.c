// SPDX-License-Identifier: GPL-2.0
/*
 * gulw: wrappers with the same contract as copy_*_user(): they return
 * the unsigned long count of bytes not copied, and their callers check.
 */
#include <linux/fs.h>
#include <linux/uaccess.h>

#define GULW_SZ		256

static u8 gulw_mem[GULW_SZ];

static unsigned long gulw_to_user(void __user *dst, loff_t off, size_t n)
{
	might_fault();
	return copy_to_user(dst, gulw_mem + off, n);
}

static inline unsigned long gulw_from_user(loff_t off, const void __user *src,
					   size_t n)
{
	return copy_from_user(gulw_mem + off, src, n);
}

static ssize_t gulw_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	size_t n;

	if (*ppos >= GULW_SZ)
		return 0;
	n = min_t(size_t, count, GULW_SZ - *ppos);
	if (gulw_to_user(buf, *ppos, n))
		return -EFAULT;
	*ppos += n;
	return n;
}

static ssize_t gulw_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	size_t n;

	if (*ppos >= GULW_SZ)
		return -ENOSPC;
	n = min_t(size_t, count, GULW_SZ - *ppos);
	if (gulw_from_user(*ppos, buf, n))
		return -EFAULT;
	*ppos += n;
	return n;
}

const struct file_operations gulw_fops = {
	.owner	= THIS_MODULE,
	.read	= gulw_read,
	.write	= gulw_write,
	.llseek	= default_llseek,
};
