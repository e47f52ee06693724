// SPDX-License-Identifier: GPL-2.0
/*
 * Event counter block converted to the cleanup.h lock guards; the
 * conversion kept the _irq flavour everywhere, the handler included.
 */
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/cleanup.h>
#include <linux/spinlock.h>
#include <linux/io.h>

struct evc {
	void __iomem *base;
	spinlock_t lock;
	u64 overflow_count;
};

static irqreturn_t evc_overflow_irq(int irq, void *data)
{
	struct evc *evc = data;

	guard(spinlock_irq)(&evc->lock); /* expect: spin-lock-irq-in-handler */
	if (!(readl(evc->base + 0x8) & 1))
		return IRQ_NONE;
	writel(1, evc->base + 0x8);
	evc->overflow_count++;
	return IRQ_HANDLED;
}

static u64 evc_read(struct evc *evc)
{
	guard(spinlock_irq)(&evc->lock);
	return (evc->overflow_count << 32) | readl(evc->base);
}

static ssize_t count_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", evc_read(dev_get_drvdata(dev)));
}
static DEVICE_ATTR_RO(count);

static int evc_probe(struct platform_device *pdev)
{
	struct evc *evc;
	int irq, ret;

	evc = devm_kzalloc(&pdev->dev, sizeof(*evc), GFP_KERNEL);
	if (!evc)
		return -ENOMEM;
	evc->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(evc->base))
		return PTR_ERR(evc->base);
	spin_lock_init(&evc->lock);
	platform_set_drvdata(pdev, evc);
	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;
	ret = devm_request_irq(&pdev->dev, irq, evc_overflow_irq, 0, "evc", evc);
	if (ret)
		return ret;
	return device_create_file(&pdev->dev, &dev_attr_count);
}

static void evc_remove(struct platform_device *pdev)
{
	device_remove_file(&pdev->dev, &dev_attr_count);
}

static struct platform_driver evc_driver = {
	.probe	= evc_probe,
	.remove	= evc_remove,
	.driver	= { .name = "acme-evc" },
};
module_platform_driver(evc_driver);
MODULE_LICENSE("GPL");
