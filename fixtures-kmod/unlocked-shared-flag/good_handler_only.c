// SPDX-License-Identifier: GPL-2.0
/*
 * One variable belongs to the handler alone (a spurious-interrupt rate
 * limiter), another to process context alone (the open count, under a
 * mutex).  Nothing is shared between the two contexts.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/io.h>

static int solo_irq = 15;
module_param(solo_irq, int, 0444);

static void __iomem *solo_base;
static unsigned int solo_spurious;
static unsigned int solo_openers;
static DEFINE_MUTEX(solo_mutex);

static irqreturn_t solo_isr(int irq, void *dev)
{
	if (!readl(solo_base)) {
		if (++solo_spurious % 1000 == 0)
			pr_warn_ratelimited("solo: spurious interrupts\n");
		return IRQ_NONE;
	}
	writel(0, solo_base);
	return IRQ_HANDLED;
}

static int solo_open(struct inode *inode, struct file *file)
{
	mutex_lock(&solo_mutex);
	solo_openers++;
	mutex_unlock(&solo_mutex);
	return 0;
}

static int solo_release(struct inode *inode, struct file *file)
{
	mutex_lock(&solo_mutex);
	solo_openers--;
	mutex_unlock(&solo_mutex);
	return 0;
}

static const struct file_operations solo_fops = {
	.owner		= THIS_MODULE,
	.open		= solo_open,
	.release	= solo_release,
};

static struct miscdevice solo_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name  = "solo",
	.fops  = &solo_fops,
};

static int __init solo_init(void)
{
	int ret;

	solo_base = ioremap(0xfe400000, 4);
	if (!solo_base)
		return -ENOMEM;
	ret = request_irq(solo_irq, solo_isr, IRQF_SHARED, "solo", &solo_misc);
	if (ret)
		goto unmap;
	ret = misc_register(&solo_misc);
	if (ret)
		goto irq;
	return 0;
irq:
	free_irq(solo_irq, &solo_misc);
unmap:
	iounmap(solo_base);
	return ret;
}

static void __exit solo_exit(void)
{
	misc_deregister(&solo_misc);
	free_irq(solo_irq, &solo_misc);
	iounmap(solo_base);
}

module_init(solo_init);
module_exit(solo_exit);
MODULE_LICENSE("GPL");
