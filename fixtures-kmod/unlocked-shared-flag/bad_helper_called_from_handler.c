// SPDX-License-Identifier: GPL-2.0
/*
 * Crypto co-processor.  The error bookkeeping is in a static helper called
 * from the hard-IRQ handler (so it runs in hard-IRQ context too); the
 * ioctl reads and clears the same global without a lock.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/uaccess.h>
#include <linux/io.h>
#define CCU_STAT		0x04
#define CCU_STAT_ERR		BIT(31)
#define CCU_IOC_LASTERR		_IOR('c', 3, u32)

static int ccu_irq = 40;
module_param(ccu_irq, int, 0444);

static void __iomem *ccu_base;
static u32 ccu_last_error;

static void ccu_record_error(u32 stat)
{
	ccu_last_error |= stat & ~CCU_STAT_ERR; /* expect: unlocked-shared-flag */
}

static irqreturn_t ccu_isr(int irq, void *data)
{
	u32 stat = readl(ccu_base + CCU_STAT);

	if (!stat)
		return IRQ_NONE;
	if (stat & CCU_STAT_ERR)
		ccu_record_error(stat);
	writel(stat, ccu_base + CCU_STAT);
	return IRQ_HANDLED;
}

static long ccu_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	u32 err;

	if (cmd != CCU_IOC_LASTERR)
		return -ENOTTY;
	err = ccu_last_error;
	ccu_last_error = 0;
	return put_user(err, (u32 __user *)arg);
}

static const struct file_operations ccu_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= ccu_ioctl,
};

static struct miscdevice ccu_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name  = "ccu",
	.fops  = &ccu_fops,
};

static int __init ccu_init(void)
{
	int ret;

	ccu_base = ioremap(0xfe100000, 0x1000);
	if (!ccu_base)
		return -ENOMEM;
	ret = request_irq(ccu_irq, ccu_isr, IRQF_SHARED, "ccu", &ccu_misc);
	if (ret)
		goto unmap;
	ret = misc_register(&ccu_misc);
	if (ret)
		goto irq;
	return 0;
irq:	free_irq(ccu_irq, &ccu_misc);
unmap:	iounmap(ccu_base);
	return ret;
}

static void __exit ccu_exit(void)
{
	misc_deregister(&ccu_misc);
	free_irq(ccu_irq, &ccu_misc);
	iounmap(ccu_base);
}

module_init(ccu_init);
module_exit(ccu_exit);
MODULE_LICENSE("GPL");
