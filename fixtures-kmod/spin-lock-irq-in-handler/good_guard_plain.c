// SPDX-License-Identifier: GPL-2.0
/*
 * Ring buffer status block with lock guards of the right flavour in each
 * context: guard(spinlock) in the handler, guard(spinlock_irq) in ioctl,
 * scoped_guard(spinlock_irqsave) in the helper both use.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/interrupt.h>
#include <linux/cleanup.h>
#include <linux/fs.h>
#include <linux/io.h>

#define RB_IOC_RESET	_IO('r', 1)

static DEFINE_SPINLOCK(rbs_lock);
static unsigned int rbs_head, rbs_tail;
static void __iomem *rbs_regs;
static int rbs_irq = 9;
module_param(rbs_irq, int, 0444);

static void rbs_sync_hw(void)
{
	scoped_guard(spinlock_irqsave, &rbs_lock)
		writel(rbs_head, rbs_regs + 0x4);
}

static irqreturn_t rbs_irq_handler(int irq, void *data)
{
	guard(spinlock)(&rbs_lock);
	rbs_head = readl(rbs_regs);
	return IRQ_HANDLED;
}

static long rbs_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	if (cmd != RB_IOC_RESET)
		return -ENOTTY;
	scoped_guard(spinlock_irq, &rbs_lock) {
		rbs_head = 0;
		rbs_tail = 0;
	}
	rbs_sync_hw();
	return 0;
}

static const struct file_operations rbs_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= rbs_ioctl,
};

static struct miscdevice rbs_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "rbs",
	.fops	= &rbs_fops,
};

static int __init rbs_init(void)
{
	int ret;

	rbs_regs = ioremap(0x50000000, 0x10);
	if (!rbs_regs)
		return -ENOMEM;
	ret = request_irq(rbs_irq, rbs_irq_handler, 0, "rbs", NULL);
	if (ret)
		goto out_unmap;
	ret = misc_register(&rbs_misc);
	if (ret)
		goto out_irq;
	return 0;
out_irq:
	free_irq(rbs_irq, NULL);
out_unmap:
	iounmap(rbs_regs);
	return ret;
}

static void __exit rbs_exit(void)
{
	misc_deregister(&rbs_misc);
	free_irq(rbs_irq, NULL);
	iounmap(rbs_regs);
}

module_init(rbs_init);
module_exit(rbs_exit);
MODULE_LICENSE("GPL");
