// SPDX-License-Identifier: GPL-2.0
#include <linux/fs.h>
#include <linux/random.h>
#include <linux/uaccess.h>
#include "rng.h"

int rng_chr_open(struct inode *inode, struct file *file)
{
	return nonseekable_open(inode, file);
}

ssize_t rng_chr_read(struct file *file, char *buf, size_t count, loff_t *ppos)
{
	u8 pool[32];

	count = min_t(size_t, count, sizeof(pool));
	get_random_bytes(pool, count);
	if (copy_to_user(buf, pool, count))
		return -EFAULT;
	return count;
}

ssize_t rng_chr_write(struct file *file, const char __user *buf, size_t count, loff_t *ppos)
{
	return count;
}
