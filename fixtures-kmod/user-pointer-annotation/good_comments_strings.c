// SPDX-License-Identifier: GPL-2.0
/*
 * pwm_chr: the old prototype was
 *	static ssize_t pwm_chr_write(struct file *f, const char * __user buf, ...)
 * which put __user on the pointer; fixed in the driver below.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/uaccess.h>

#define PWM_CHR_HINT	"declare buffers as char * __user p, never"

static ssize_t pwm_chr_write(struct file *file, const char __user *buf, // not char * __user buf
			     size_t count, loff_t *ppos)
{
	pr_debug("pwm_chr: %s (char *__user)\n", PWM_CHR_HINT);
	return count;
}

static const struct file_operations pwm_chr_fops = {
	.owner	= THIS_MODULE,
	.write	= pwm_chr_write,
};

MODULE_LICENSE("GPL");
