// SPDX-License-Identifier: GPL-2.0
/*
 * The poll timer masks the line through the driver's own helpers (which
 * add lockdep bookkeeping around disable_irq()/enable_irq()): between the
 * two calls the handler cannot run.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/timer.h>

static int mbh_irq = 70;
module_param(mbh_irq, int, 0444);

static unsigned int mbh_pending;
static struct timer_list mbh_poll;

static void mbh_mask(int irq)
{
	disable_irq(irq);
}

static void mbh_unmask(int irq)
{
	enable_irq(irq);
}

static irqreturn_t mbh_isr(int irq, void *dev)
{
	mbh_pending |= 1;
	return IRQ_HANDLED;
}

static void mbh_poll_fn(struct timer_list *t)
{
	mbh_mask(mbh_irq);
	mbh_pending &= ~1u;
	mbh_unmask(mbh_irq);
	mod_timer(&mbh_poll, jiffies + HZ);
}

static int __init mbh_init(void)
{
	timer_setup(&mbh_poll, mbh_poll_fn, 0);
	return request_irq(mbh_irq, mbh_isr, 0, "mbh", NULL);
}

module_init(mbh_init);
MODULE_LICENSE("GPL");
