// SPDX-License-Identifier: GPL-2.0
/*
 * Mailbox controller: the RX interrupt copies the message out under a
 * scoped guard that was copied from the process-context send path.
 */
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/cleanup.h>
#include <linux/mailbox_controller.h>
#include <linux/io.h>

struct acme_mbox {
	struct mbox_controller ctrl;
	struct mbox_chan chan;
	void __iomem *base;
	spinlock_t lock;
	u32 last_msg;
};

static int acme_mbox_send(struct mbox_chan *chan, void *data)
{
	struct acme_mbox *mb = container_of(chan->mbox, struct acme_mbox, ctrl);

	scoped_guard(spinlock_irq, &mb->lock) {
		writel(*(u32 *)data, mb->base + 0x0);
		writel(1, mb->base + 0x8);
	}
	return 0;
}

static irqreturn_t acme_mbox_rx_irq(int irq, void *data)
{
	struct acme_mbox *mb = data;
	u32 msg;

	scoped_guard(spinlock_irq, &mb->lock) { /* expect: spin-lock-irq-in-handler */
		msg = readl(mb->base + 0x4);
		writel(2, mb->base + 0x8);
	}
	mbox_chan_received_data(&mb->chan, &msg);
	return IRQ_HANDLED;
}

static const struct mbox_chan_ops acme_mbox_ops = {
	.send_data = acme_mbox_send,
};

static int acme_mbox_probe(struct platform_device *pdev)
{
	struct acme_mbox *mb;
	int irq, ret;

	mb = devm_kzalloc(&pdev->dev, sizeof(*mb), GFP_KERNEL);
	if (!mb)
		return -ENOMEM;
	mb->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(mb->base))
		return PTR_ERR(mb->base);
	spin_lock_init(&mb->lock);
	mb->ctrl.dev = &pdev->dev;
	mb->ctrl.chans = &mb->chan;
	mb->ctrl.num_chans = 1;
	mb->ctrl.ops = &acme_mbox_ops;
	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;
	ret = devm_request_irq(&pdev->dev, irq, acme_mbox_rx_irq, 0, "acme-mbox", mb);
	if (ret)
		return ret;
	return devm_mbox_controller_register(&pdev->dev, &mb->ctrl);
}

static struct platform_driver acme_mbox_driver = {
	.probe	= acme_mbox_probe,
	.driver	= { .name = "acme-mbox" },
};
module_platform_driver(acme_mbox_driver);
MODULE_LICENSE("GPL");
