// SPDX-License-Identifier: GPL-2.0
/*
 * nwlp: a write path copying in bounded chunks; each chunk's copy result
 * is checked with "< 0" inside the loop.
 */
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/uaccess.h>

#define NWLP_CHUNK	128

static void __iomem *nwlp_fifo;

static void nwlp_push(const u8 *data, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		writeb(data[i], nwlp_fifo);
}

static ssize_t nwlp_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	u8 chunk[NWLP_CHUNK];
	size_t done = 0;
	int ret;

	while (done < count) {
		size_t n = min_t(size_t, count - done, sizeof(chunk));

		ret = copy_from_user(chunk, buf + done, n);
		if (ret < 0) /* expect: copy-user-negative-check */
			return -EFAULT;
		nwlp_push(chunk, n);
		done += n;
	}
	return done;
}

const struct file_operations nwlp_fops = {
	.owner	= THIS_MODULE,
	.write	= nwlp_write,
	.llseek	= noop_llseek,
};
