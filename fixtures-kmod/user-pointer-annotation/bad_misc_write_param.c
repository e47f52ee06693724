// SPDX-License-Identifier: GPL-2.0
/*
 * ledbar: a misc character device that takes a pattern string from
 * userspace and latches it into the LED bar register.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/uaccess.h>

#define LEDBAR_MAX	16

static void __iomem *ledbar_regs;

static ssize_t ledbar_write(struct file *file, const char * __user buf, /* expect: user-pointer-annotation */
			    size_t count, loff_t *ppos)
{
	char pattern[LEDBAR_MAX];

	if (count > LEDBAR_MAX)
		count = LEDBAR_MAX;
	if (copy_from_user(pattern, buf, count))
		return -EFAULT;
	writel(pattern[0], ledbar_regs);
	return count;
}

static const struct file_operations ledbar_fops = {
	.owner	= THIS_MODULE,
	.write	= ledbar_write,
	.llseek	= noop_llseek,
};

static struct miscdevice ledbar_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "ledbar",
	.fops	= &ledbar_fops,
};

module_misc_device(ledbar_dev);
MODULE_LICENSE("GPL");
