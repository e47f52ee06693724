// SPDX-License-Identifier: GPL-2.0
/*
 * DMA engine channel interrupt: completed descriptors are unlinked under
 * the channel lock, which is dropped around the client callback.  The
 * drop uses the _irq unlock, so the callback runs with interrupts on.
 */
#include <linux/dmaengine.h>
#include <linux/interrupt.h>
#include <linux/list.h>
#include <linux/io.h>

struct xdma_desc {
	struct list_head node;
	dma_async_tx_callback callback;
	void *param;
};

struct xdma_chan {
	spinlock_t lock;
	struct list_head active;
	void __iomem *regs;
	int irq;
};

static irqreturn_t xdma_chan_irq(int irq, void *data)
{
	struct xdma_chan *xc = data;
	struct xdma_desc *d, *tmp;

	if (!(readl(xc->regs) & 1))
		return IRQ_NONE;
	writel(1, xc->regs);

	spin_lock(&xc->lock);
	list_for_each_entry_safe(d, tmp, &xc->active, node) {
		list_del(&d->node);
		spin_unlock_irq(&xc->lock); /* expect: spin-lock-irq-in-handler */
		if (d->callback)
			d->callback(d->param);
		spin_lock_irq(&xc->lock);
	}
	spin_unlock(&xc->lock);
	return IRQ_HANDLED;
}

int xdma_chan_init(struct device *dev, struct xdma_chan *xc)
{
	spin_lock_init(&xc->lock);
	INIT_LIST_HEAD(&xc->active);
	return devm_request_irq(dev, xc->irq, xdma_chan_irq, 0, "xdma-chan", xc);
}
