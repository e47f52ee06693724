// SPDX-License-Identifier: GPL-2.0
/*
 * Event queue statistics.  The hard handler and the NAPI poll both count
 * the interrupts that found the queue empty.  An increment can be lost
 * when both run at once, but the count is only shown in debugfs: a
 * statistic, not a state the driver acts on.  Not reported (both sides
 * count the same way).
 */
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/interrupt.h>
#include <linux/io.h>

struct evq {
	struct napi_struct napi;
	void __iomem *regs;
	unsigned long no_entry;
	unsigned long polls;
};

static int evq_process(struct evq *q, int budget)
{
	return readl(q->regs) & 0xff;
}

static irqreturn_t evq_isr(int irq, void *data)
{
	struct evq *q = data;

	if (!readl(q->regs + 4))
		q->no_entry++;
	napi_schedule(&q->napi);
	return IRQ_HANDLED;
}

static int evq_poll(struct napi_struct *napi, int budget)
{
	struct evq *q = container_of(napi, struct evq, napi);
	int done = evq_process(q, budget);

	q->polls++;
	if (!done)
		q->no_entry += 1;
	if (done < budget)
		napi_complete_done(napi, done);
	return done;
}

static int evq_start(struct net_device *dev, struct evq *q, int irq)
{
	netif_napi_add(dev, &q->napi, evq_poll);
	return request_irq(irq, evq_isr, 0, "evq", q);
}

MODULE_LICENSE("GPL");
