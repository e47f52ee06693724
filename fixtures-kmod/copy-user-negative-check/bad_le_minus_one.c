// SPDX-License-Identifier: GPL-2.0
/*
 * nclr: a zero device variant.  clear_user() reports the bytes it could
 * not clear, so testing the stored result with "<= -1"
 * is as useless as "< 0".
 */
#include <linux/fs.h>
#include <linux/uaccess.h>

#define NCLR_MAX_CHUNK	PAGE_SIZE

static ssize_t nclr_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	size_t done = 0;
	long ret;

	while (done < count) {
		size_t chunk = min_t(size_t, count - done, NCLR_MAX_CHUNK);

		ret = clear_user(buf + done, chunk);
		if (ret <= -1) /* expect: copy-user-negative-check */
			return -EFAULT;
		done += chunk;
		cond_resched();
	}
	*ppos += done;
	return done;
}

static ssize_t nclr_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	/* writes are discarded, like /dev/zero */
	return count;
}

const struct file_operations nclr_fops = {
	.owner	= THIS_MODULE,
	.read	= nclr_read,
	.write	= nclr_write,
	.llseek	= noop_llseek,
};
