// SPDX-License-Identifier: GPL-2.0
/*
 * The handler masks its own line, stores the cause and schedules the
 * tasklet; the tasklet consumes the cause and unmasks the line at the end.
 * The two never overlap: the line stays masked in between.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/io.h>

static int tlm_irq = 52;
module_param(tlm_irq, int, 0444);

static void __iomem *tlm_regs;
static u32 tlm_cause;
static struct tasklet_struct tlm_bh;

static irqreturn_t tlm_isr(int irq, void *dev)
{
	disable_irq_nosync(irq);
	tlm_cause = readl(tlm_regs);
	tasklet_schedule(&tlm_bh);
	return IRQ_HANDLED;
}

static void tlm_bottom_half(struct tasklet_struct *t)
{
	u32 cause = tlm_cause;

	tlm_cause = 0;
	writel(cause, tlm_regs + 4);
	enable_irq(tlm_irq);
}

static int __init tlm_init(void)
{
	tlm_regs = ioremap(0xfe310000, 8);
	if (!tlm_regs)
		return -ENOMEM;
	tasklet_setup(&tlm_bh, tlm_bottom_half);
	return request_irq(tlm_irq, tlm_isr, 0, "tlm", NULL);
}

static void __exit tlm_exit(void)
{
	free_irq(tlm_irq, NULL);
	tasklet_kill(&tlm_bh);
	iounmap(tlm_regs);
}

module_init(tlm_init);
module_exit(tlm_exit);
MODULE_LICENSE("GPL");
