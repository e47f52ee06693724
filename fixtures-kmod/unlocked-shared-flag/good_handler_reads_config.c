// SPDX-License-Identifier: GPL-2.0
/*
 * Threshold detector.  The configuration is written in probe() before
 * the interrupt is requested; the handler only reads it.  The handler's
 * own statistics are touched by nobody else.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/io.h>

struct thrd_chip {
	void __iomem *base;
	u32 threshold;
	u32 hysteresis;
	unsigned long over;
};

static irqreturn_t thrd_irq(int irq, void *dev_id)
{
	struct thrd_chip *tc = dev_id;
	u32 v = readl(tc->base);

	if (v > tc->threshold + tc->hysteresis)
		tc->over++;
	return IRQ_HANDLED;
}

static int thrd_probe(struct platform_device *pdev)
{
	struct thrd_chip *tc;
	int irq;

	tc = devm_kzalloc(&pdev->dev, sizeof(*tc), GFP_KERNEL);
	if (!tc)
		return -ENOMEM;
	tc->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(tc->base))
		return PTR_ERR(tc->base);
	if (device_property_read_u32(&pdev->dev, "threshold", &tc->threshold))
		tc->threshold = 512;
	tc->hysteresis = tc->threshold / 16;
	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;
	return devm_request_irq(&pdev->dev, irq, thrd_irq, 0, "thrd", tc);
}

static const struct of_device_id thrd_of_match[] = {
	{ .compatible = "acme,thrd" },
	{ }
};
MODULE_DEVICE_TABLE(of, thrd_of_match);

static struct platform_driver thrd_driver = {
	.probe	= thrd_probe,
	.driver	= {
		.name = "thrd",
		.of_match_table = thrd_of_match,
	},
};
module_platform_driver(thrd_driver);
MODULE_LICENSE("GPL");
