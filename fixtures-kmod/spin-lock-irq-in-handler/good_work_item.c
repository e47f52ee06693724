// SPDX-License-Identifier: GPL-2.0
/*
 * Fan controller: the handler only schedules work; the work item, in
 * process context, updates the tachometer reading under spin_lock_irq().
 */
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/workqueue.h>
#include <linux/io.h>

struct fanc {
	void __iomem *base;
	spinlock_t lock;
	struct work_struct tach_work;
	u32 rpm;
};

static void fanc_tach_work(struct work_struct *work)
{
	struct fanc *fc = container_of(work, struct fanc, tach_work);
	u32 raw = readl(fc->base + 0x30);

	spin_lock_irq(&fc->lock);
	fc->rpm = raw ? 60000000 / raw : 0;
	spin_unlock_irq(&fc->lock);
}

static irqreturn_t fanc_irq(int irq, void *data)
{
	struct fanc *fc = data;

	writel(1, fc->base + 0x34);
	schedule_work(&fc->tach_work);
	return IRQ_HANDLED;
}

static int fanc_probe(struct platform_device *pdev)
{
	struct fanc *fc;
	int irq;

	fc = devm_kzalloc(&pdev->dev, sizeof(*fc), GFP_KERNEL);
	if (!fc)
		return -ENOMEM;
	fc->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(fc->base))
		return PTR_ERR(fc->base);
	spin_lock_init(&fc->lock);
	INIT_WORK(&fc->tach_work, fanc_tach_work);
	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;
	platform_set_drvdata(pdev, fc);
	return devm_request_irq(&pdev->dev, irq, fanc_irq, 0, "fanc", fc);
}

static void fanc_remove(struct platform_device *pdev)
{
	struct fanc *fc = platform_get_drvdata(pdev);

	cancel_work_sync(&fc->tach_work);
}

static struct platform_driver fanc_driver = {
	.probe	= fanc_probe,
	.remove	= fanc_remove,
	.driver	= { .name = "acme-fanc" },
};
module_platform_driver(fanc_driver);
MODULE_LICENSE("GPL");
