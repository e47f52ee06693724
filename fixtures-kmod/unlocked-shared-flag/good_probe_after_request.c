// SPDX-License-Identifier: GPL-2.0
/*
 * PHY link watcher.  probe() initialises the state after requesting the
 * interrupt but before it unmasks the link interrupt in the device: setup
 * code, ordered by the device's own enable register.  kmodlint does not see
 * that register write, and takes probe() for setup (see the ops-driven
 * near miss in bad_priv_struct_field.c: read() runs while the device is live).
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/io.h>

#define LNKW_STATUS	0x08
#define LNKW_UP		BIT(2)
#define LNKW_IRQ_EN	0x0c

struct lnkw_dev {
	void __iomem *base;
	bool link_up;
	int irq;
};

static irqreturn_t lnkw_irq(int irq, void *dev_id)
{
	struct lnkw_dev *lw = dev_id;

	lw->link_up = !!(readl(lw->base + LNKW_STATUS) & LNKW_UP);
	return IRQ_HANDLED;
}

static int lnkw_probe(struct platform_device *pdev)
{
	struct lnkw_dev *lw;
	int ret;

	lw = devm_kzalloc(&pdev->dev, sizeof(*lw), GFP_KERNEL);
	if (!lw)
		return -ENOMEM;
	lw->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(lw->base))
		return PTR_ERR(lw->base);
	lw->irq = platform_get_irq(pdev, 0);
	if (lw->irq < 0)
		return lw->irq;

	ret = devm_request_irq(&pdev->dev, lw->irq, lnkw_irq, 0, "lnkw", lw);
	if (ret)
		return ret;

	lw->link_up = false;
	writel(LNKW_UP, lw->base + LNKW_IRQ_EN);
	platform_set_drvdata(pdev, lw);
	dev_info(&pdev->dev, "link watcher ready\n");
	return 0;
}

static struct platform_driver lnkw_driver = {
	.probe	= lnkw_probe,
	.driver	= { .name = "lnkw" },
};
module_platform_driver(lnkw_driver);
MODULE_LICENSE("GPL");
