// SPDX-License-Identifier: GPL-2.0
/*
 * pump: a DSP loader whose transfer macro polls the ready bit and then runs
 * its last argument as a statement.  Every put_user()/get_user() handed to
 * it loses its result, whichever line it is written on.
 */
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/uaccess.h>

static void __iomem *pump_regs;

#define PUMP_READY	(readl(pump_regs + 4) & 1)

#define pump_xfer(n, ready, step)			\
{							\
	long __i, __t;					\
	for (__i = 0; __i < (n); __i++) {		\
		for (__t = 0; __t < 50 && !(ready); __t++) \
			msleep(2);			\
		if (!(ready))				\
			return -EIO;			\
		step;					\
	}						\
}

/* Near miss: this one tests what it is given. */
#define pump_try(expr)	do { if (expr) return -EFAULT; } while (0)

static ssize_t pump_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	u32 __user *words = (u32 __user *)buf;
	u8 __user *bytes = (u8 __user *)buf;

	if (count & 3) {
		pump_xfer(count, PUMP_READY,
			  put_user(readb(pump_regs), bytes++)); /* expect: unchecked-copy-user */
		return count;
	}
	pump_xfer(count / 4, PUMP_READY, put_user(readl(pump_regs), words++)); /* expect: unchecked-copy-user */
	return count;
}

static ssize_t pump_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	const u32 __user *words = (const u32 __user *)buf;
	u32 w;
	size_t i;

	pump_xfer(count / 4, PUMP_READY, get_user(w, words++)); /* expect: unchecked-copy-user */
	for (i = 0; i < count / 4; i++) {
		pump_try(get_user(w, words + i));
		writel(w, pump_regs);
	}
	return count;
}

const struct file_operations pump_fops = {
	.read	= pump_read,
	.write	= pump_write,
};
