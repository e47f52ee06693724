// SPDX-License-Identifier: GPL-2.0
/* cntr: the shared total and the process side, also under the lock. */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/uaccess.h>
#include <linux/io.h>
#include "cntr.h"

DEFINE_SPINLOCK(cntr_lock);
u64 cntr_total;
void __iomem *cntr_regs;

static int cntr_irqno = 18;
module_param(cntr_irqno, int, 0444);

static ssize_t cntr_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	unsigned long flags;
	u64 total;

	if (n < sizeof(total))
		return -EINVAL;
	spin_lock_irqsave(&cntr_lock, flags);
	total = cntr_total;
	cntr_total = 0;
	spin_unlock_irqrestore(&cntr_lock, flags);
	if (copy_to_user(buf, &total, sizeof(total)))
		return -EFAULT;
	return sizeof(total);
}

static const struct file_operations cntr_fops = {
	.owner	= THIS_MODULE,
	.read	= cntr_read,
};

static struct miscdevice cntr_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name  = "cntr",
	.fops  = &cntr_fops,
};

static int __init cntr_init(void)
{
	int ret;

	cntr_regs = ioremap(0xfe700000, 4);
	if (!cntr_regs)
		return -ENOMEM;
	ret = request_irq(cntr_irqno, cntr_interrupt, 0, "cntr", NULL);
	if (ret)
		goto unmap;
	ret = misc_register(&cntr_misc);
	if (ret)
		goto irq;
	return 0;
irq:
	free_irq(cntr_irqno, NULL);
unmap:
	iounmap(cntr_regs);
	return ret;
}

static void __exit cntr_exit(void)
{
	misc_deregister(&cntr_misc);
	free_irq(cntr_irqno, NULL);
	iounmap(cntr_regs);
}

module_init(cntr_init);
module_exit(cntr_exit);
MODULE_LICENSE("GPL");
