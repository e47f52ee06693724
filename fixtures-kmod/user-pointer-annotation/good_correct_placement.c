// SPDX-License-Identifier: GPL-2.0
/*
 * uart_dbg: debug ioctls of a UART block. Every user pointer carries its
 * __user on the pointee, including the arrays of user pointers.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/uaccess.h>

struct uart_dbg_batch {
	u32 count;
	void __user * __user *bufs;	/* an array in user space of user buffers */
	const char __user *const *names;
	u32 __user *status;
};

static int uart_dbg_first(struct uart_dbg_batch *b, void __user * __user *slot)
{
	void __user *p;

	if (get_user(p, slot))
		return -EFAULT;
	return p ? 0 : -EINVAL;
}

static int uart_dbg_status(struct uart_dbg_batch *b, u32 value)
{
	u32 __user *const status = b->status;

	if (put_user(value, status))
		return -EFAULT;
	return 0;
}

static long uart_dbg_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	char __user *p = (char __user *)arg;
	u32 __user *up = (u32 __user *) arg;
	void __user *argp = (void __user *)(uintptr_t)arg;
	u32 v;

	if (cmd == 1)
		return put_user(sizeof(char __user *), up);
	if (get_user(v, (u32 __user *)p))
		return -EFAULT;
	return argp ? 0 : -EINVAL;
}

static ssize_t uart_dbg_write(struct file *file, const char __user *buf,
			      size_t count, loff_t *ppos)
{
	return count;
}

static const struct file_operations uart_dbg_fops = {
	.owner		= THIS_MODULE,
	.write		= uart_dbg_write,
	.unlocked_ioctl	= uart_dbg_ioctl,
};

MODULE_LICENSE("GPL");
