// SPDX-License-Identifier: GPL-2.0
/*
 * gasn: copy results stored in a local and consulted later, including a
 * chunked loop that breaks out on the first short copy.
 */
#include <linux/fs.h>
#include <linux/uaccess.h>

#define GASN_CHUNK	64

static u8 gasn_fifo[4096];

static void gasn_push(const u8 *data, size_t len)
{
	memcpy(gasn_fifo, data, min_t(size_t, len, sizeof(gasn_fifo)));
}

static ssize_t gasn_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	u8 chunk[GASN_CHUNK];
	size_t done = 0;
	unsigned long ret = 0;

	while (done < count) {
		size_t n = min_t(size_t, count - done, GASN_CHUNK);

		ret = copy_from_user(chunk, buf + done, n);
		if (ret)
			break;
		gasn_push(chunk, n);
		done += n;
	}

	if (!done && ret)
		return -EFAULT;
	return done;
}

static ssize_t gasn_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	unsigned long left;

	count = min_t(size_t, count, sizeof(gasn_fifo));
	left = copy_to_user(buf, gasn_fifo, count);
	if (left)
		return -EFAULT;
	return count;
}

const struct file_operations gasn_fops = {
	.owner	= THIS_MODULE,
	.read	= gasn_read,
	.write	= gasn_write,
	.llseek	= noop_llseek,
};
