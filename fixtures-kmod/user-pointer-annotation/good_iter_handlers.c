// SPDX-License-Identifier: GPL-2.0
/*
 * sensor_chr: iov_iter based handlers; they have no char buffer at all.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/uio.h>

static u8 sensor_sample[8];

static ssize_t sensor_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	size_t n = min_t(size_t, iov_iter_count(to), sizeof(sensor_sample));

	return copy_to_iter(sensor_sample, n, to);
}

static ssize_t sensor_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	size_t n = iov_iter_count(from);

	iov_iter_advance(from, n);
	return n;
}

static const struct file_operations sensor_fops = {
	.owner		= THIS_MODULE,
	.read_iter	= sensor_read_iter,
	.write_iter	= sensor_write_iter,
	.llseek		= noop_llseek,
};

MODULE_LICENSE("GPL");
