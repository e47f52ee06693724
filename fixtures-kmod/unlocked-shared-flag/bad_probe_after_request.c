// SPDX-License-Identifier: GPL-2.0
/*
 * PHY link watcher.  probe() initialises the state AFTER the interrupt
 * is live, so the handler's write and probe's write can race.  (Writing
 * it before devm_request_irq() would be fine.)
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/io.h>

#define LNKW_STATUS	0x08
#define LNKW_UP		BIT(2)

struct lnkw_dev {
	void __iomem *base;
	bool link_up;
	int irq;
};

static irqreturn_t lnkw_irq(int irq, void *dev_id)
{
	struct lnkw_dev *lw = dev_id;

	lw->link_up = !!(readl(lw->base + LNKW_STATUS) & LNKW_UP); /* expect: unlocked-shared-flag */
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
