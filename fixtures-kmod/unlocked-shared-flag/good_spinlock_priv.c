// SPDX-License-Identifier: GPL-2.0
/* Rx ring: handler uses spin_lock(), read() uses spin_lock_irqsave(). */
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/uaccess.h>
#define RXQ_SIZE	256

struct rxq_port {
	void __iomem *base;
	spinlock_t lock;
	u8 ring[RXQ_SIZE];
	unsigned int head, tail;
	struct miscdevice misc;
};

static irqreturn_t rxq_irq(int irq, void *dev_id)
{
	struct rxq_port *rp = dev_id;
	u8 c = readb(rp->base);

	spin_lock(&rp->lock);
	if (rp->head - rp->tail < RXQ_SIZE)
		rp->ring[rp->head++ % RXQ_SIZE] = c;
	spin_unlock(&rp->lock);
	return IRQ_HANDLED;
}

static ssize_t rxq_read(struct file *file, char __user *buf, size_t n, loff_t *pos)
{
	struct rxq_port *rp = container_of(file->private_data, struct rxq_port, misc);
	unsigned long flags;
	int c = -EAGAIN;

	if (!n)
		return 0;
	spin_lock_irqsave(&rp->lock, flags);
	if (rp->head != rp->tail)
		c = rp->ring[rp->tail++ % RXQ_SIZE];
	spin_unlock_irqrestore(&rp->lock, flags);
	if (c < 0)
		return c;
	if (put_user((u8)c, buf))
		return -EFAULT;
	return 1;
}

static const struct file_operations rxq_fops = {
	.owner	= THIS_MODULE,
	.read	= rxq_read,
};

static int rxq_probe(struct platform_device *pdev)
{
	struct rxq_port *rp;
	int irq, ret;

	rp = devm_kzalloc(&pdev->dev, sizeof(*rp), GFP_KERNEL);
	if (!rp)
		return -ENOMEM;
	rp->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(rp->base))
		return PTR_ERR(rp->base);
	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;
	spin_lock_init(&rp->lock);
	ret = devm_request_irq(&pdev->dev, irq, rxq_irq, 0, "rxq", rp);
	if (ret)
		return ret;
	rp->misc.minor = MISC_DYNAMIC_MINOR;
	rp->misc.name = "rxq";
	rp->misc.fops = &rxq_fops;
	platform_set_drvdata(pdev, rp);
	return misc_register(&rp->misc);
}

static void rxq_remove(struct platform_device *pdev)
{
	struct rxq_port *rp = platform_get_drvdata(pdev);
	misc_deregister(&rp->misc);
}

static struct platform_driver rxq_driver = {
	.probe	= rxq_probe,
	.remove	= rxq_remove,
	.driver	= { .name = "rxq" },
};
module_platform_driver(rxq_driver);
MODULE_LICENSE("GPL");
