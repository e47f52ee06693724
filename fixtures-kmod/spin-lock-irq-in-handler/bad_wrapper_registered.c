// SPDX-License-Identifier: GPL-2.0
/*
 * Each channel's interrupt is requested through the driver's own helper.
 * The handler given to it is a hard-IRQ handler all the same.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/spinlock.h>

struct mch_chan {
	spinlock_t lock;
	int irq;
	unsigned int done;
};

static int mch_request(struct mch_chan *ch, irq_handler_t isr)
{
	return request_irq(ch->irq, isr, IRQF_SHARED, "mch", ch);
}

static irqreturn_t mch_done_isr(int irq, void *data)
{
	struct mch_chan *ch = data;

	spin_lock_irq(&ch->lock); /* expect: spin-lock-irq-in-handler */
	ch->done++;
	spin_unlock_irq(&ch->lock);
	return IRQ_HANDLED;
}

int mch_chan_start(struct mch_chan *ch)
{
	spin_lock_init(&ch->lock);
	return mch_request(ch, mch_done_isr);
}
