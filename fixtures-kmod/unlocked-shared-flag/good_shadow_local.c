// SPDX-License-Identifier: GPL-2.0
/*
 * The process-side functions use a local variable and a parameter with
 * the same name as the global the handler writes.  They are different
 * variables: nothing in process context touches the global.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/uaccess.h>

static int shdw_irq = 14;
module_param(shdw_irq, int, 0444);

static int ready;		/* only the handler uses this one */
static unsigned int level;	/* and this one */

static irqreturn_t shdw_isr(int irq, void *dev)
{
	ready = 1;
	level = (level + 1) & 0xff;
	return IRQ_HANDLED;
}

static int shdw_check(unsigned int level)
{
	return level > 128 ? -ERANGE : 0;
}

static ssize_t shdw_write(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	int ready = 0;
	unsigned int want;

	if (n < sizeof(want))
		return -EINVAL;
	if (copy_from_user(&want, buf, sizeof(want)))
		return -EFAULT;
	ready = shdw_check(want);
	if (ready)
		return ready;
	return sizeof(want);
}

static const struct file_operations shdw_fops = {
	.owner	= THIS_MODULE,
	.write	= shdw_write,
};

static struct miscdevice shdw_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name  = "shdw",
	.fops  = &shdw_fops,
};

static int __init shdw_init(void)
{
	int ret = request_irq(shdw_irq, shdw_isr, 0, "shdw", NULL);

	if (ret)
		return ret;
	ret = misc_register(&shdw_misc);
	if (ret)
		free_irq(shdw_irq, NULL);
	return ret;
}

static void __exit shdw_exit(void)
{
	misc_deregister(&shdw_misc);
	free_irq(shdw_irq, NULL);
}

module_init(shdw_init);
module_exit(shdw_exit);
MODULE_LICENSE("GPL");
