// SPDX-License-Identifier: GPL-2.0
/*
 * gpio_chr: a macro builds the per-bank handlers; the misplaced form only
 * appears inside macro bodies that are never expanded here.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/uaccess.h>

#define GPIO_CHR_OLD_PROTO(name) ssize_t name(struct file *f, char * __user b, size_t n, loff_t *p)
#define GPIO_CHR_CAST(arg)	((void * __user)(arg))
#define GPIO_CHR_BUF(arg)	((char __user *)(arg))

static ssize_t gpio_chr_read(struct file *file, char __user *buf,
			     size_t count, loff_t *ppos)
{
	u8 level = 0;

	if (put_user(level, GPIO_CHR_BUF(buf)))
		return -EFAULT;
	return 1;
}

static const struct file_operations gpio_chr_fops = {
	.owner	= THIS_MODULE,
	.read	= gpio_chr_read,
};

MODULE_LICENSE("GPL");
