// SPDX-License-Identifier: GPL-2.0
/*
 * Board watchdog: any write pets it, whatever was written.  The write
 * handler never looks at its buffer, so the missing __user leaves sparse
 * nothing to check in it: not worth a note.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/io.h>

static void __iomem *bwd_regs;

static ssize_t bwd_write(struct file *file, const char *data, size_t len, loff_t *ppos)
{
	if (len)
		writel(0x5a5a, bwd_regs + 0x8);	/* data is never read */
	return len;
}

static const struct file_operations bwd_fops = {
	.owner	= THIS_MODULE,
	.write	= bwd_write,
};

static struct miscdevice bwd_misc = {
	.minor	= WATCHDOG_MINOR,
	.name	= "watchdog",
	.fops	= &bwd_fops,
};
module_misc_device(bwd_misc);
MODULE_LICENSE("GPL");
