// SPDX-License-Identifier: GPL-2.0
/*
 * GPIO block: the status helper is called from the handler and from
 * process context, so it saves and restores the interrupt state.
 */
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/io.h>

struct gpb {
	void __iomem *base;
	raw_spinlock_t lock;
	u32 latched;
};

static u32 gpb_latch(struct gpb *g)
{
	unsigned long flags;
	u32 v;

	raw_spin_lock_irqsave(&g->lock, flags);
	g->latched |= readl(g->base + 0x10);
	v = g->latched;
	raw_spin_unlock_irqrestore(&g->lock, flags);
	return v;
}

static irqreturn_t gpb_irq(int irq, void *data)
{
	struct gpb *g = data;

	return gpb_latch(g) ? IRQ_HANDLED : IRQ_NONE;
}

static ssize_t latched_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct gpb *g = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%08x\n", gpb_latch(g));
}
static DEVICE_ATTR_RO(latched);

static int gpb_probe(struct platform_device *pdev)
{
	struct gpb *g;
	int irq, ret;

	g = devm_kzalloc(&pdev->dev, sizeof(*g), GFP_KERNEL);
	if (!g)
		return -ENOMEM;
	g->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(g->base))
		return PTR_ERR(g->base);
	raw_spin_lock_init(&g->lock);
	platform_set_drvdata(pdev, g);
	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;
	ret = devm_request_irq(&pdev->dev, irq, gpb_irq, IRQF_SHARED, "gpb", g);
	if (ret)
		return ret;
	return device_create_file(&pdev->dev, &dev_attr_latched);
}

static void gpb_remove(struct platform_device *pdev)
{
	device_remove_file(&pdev->dev, &dev_attr_latched);
}

static struct platform_driver gpb_driver = {
	.probe	= gpb_probe,
	.remove	= gpb_remove,
	.driver	= { .name = "acme-gpb" },
};
module_platform_driver(gpb_driver);
MODULE_LICENSE("GPL");
