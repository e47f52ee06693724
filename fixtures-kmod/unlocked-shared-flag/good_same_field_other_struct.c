// SPDX-License-Identifier: GPL-2.0
/* Same field name, two struct types: the handler writes the hardware
 * queue's `status', the ioctl a request's `status'.  Nothing is shared. */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/uaccess.h>
#include <linux/io.h>

struct dmaq_hwq {
	void __iomem *base;
	u32 status;
};

struct dmaq_req {
	u32 status;
	u32 len;
};

static int dmaq_irq = 17;
module_param(dmaq_irq, int, 0444);

static struct dmaq_hwq dmaq_queue;

static irqreturn_t dmaq_isr(int irq, void *dev_id)
{
	struct dmaq_hwq *q = dev_id;

	q->status = readl(q->base);
	writel(q->status, q->base);
	return IRQ_HANDLED;
}

static long dmaq_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct dmaq_req req;
	struct dmaq_req *r = &req;

	if (copy_from_user(r, (void __user *)arg, sizeof(*r)))
		return -EFAULT;
	r->status = r->len ? 0 : 1;
	if (copy_to_user((void __user *)arg, r, sizeof(*r)))
		return -EFAULT;
	return 0;
}

static const struct file_operations dmaq_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= dmaq_ioctl,
};

static struct miscdevice dmaq_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name  = "dmaq",
	.fops  = &dmaq_fops,
};

static int __init dmaq_init(void)
{
	int ret;

	dmaq_queue.base = ioremap(0xfe600000, 4);
	if (!dmaq_queue.base)
		return -ENOMEM;
	ret = request_irq(dmaq_irq, dmaq_isr, 0, "dmaq", &dmaq_queue);
	if (ret)
		goto unmap;
	ret = misc_register(&dmaq_misc);
	if (ret)
		goto irq;
	return 0;
irq:
	free_irq(dmaq_irq, &dmaq_queue);
unmap:
	iounmap(dmaq_queue.base);
	return ret;
}

static void __exit dmaq_exit(void)
{
	misc_deregister(&dmaq_misc);
	free_irq(dmaq_irq, &dmaq_queue);
	iounmap(dmaq_queue.base);
}

module_init(dmaq_init);
module_exit(dmaq_exit);
MODULE_LICENSE("GPL");
