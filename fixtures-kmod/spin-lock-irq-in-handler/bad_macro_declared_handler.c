// SPDX-License-Identifier: GPL-2.0
/*
 * Handlers declared through a driver macro: DECLARE_ISR(name) expands to the
 * whole function header, so `DECLARE_ISR(gpx_isr) { ... }` is the handler.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/platform_device.h>

#define DECLARE_ISR(name) \
	static irqreturn_t name(int irq, void *dev_id)

struct gpx {
	spinlock_t lock;
	u32 events;
};

DECLARE_ISR(gpx_isr)
{
	struct gpx *gpx = dev_id;

	spin_lock_irq(&gpx->lock); /* expect: spin-lock-irq-in-handler */
	gpx->events++;
	spin_unlock_irq(&gpx->lock);
	return IRQ_HANDLED;
}

static int gpx_probe(struct platform_device *pdev)
{
	struct gpx *gpx = devm_kzalloc(&pdev->dev, sizeof(*gpx), GFP_KERNEL);

	if (!gpx)
		return -ENOMEM;
	spin_lock_init(&gpx->lock);
	return devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), gpx_isr, 0, "gpx", gpx);
}

static struct platform_driver gpx_driver = {
	.probe = gpx_probe,
	.driver = { .name = "gpx" },
};
module_platform_driver(gpx_driver);
MODULE_LICENSE("GPL");
