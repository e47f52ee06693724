// SPDX-License-Identifier: GPL-2.0
/*
 * Oneshot threaded interrupt: the hard half latches the status and wakes
 * the thread; IRQF_ONESHOT keeps the line masked until the thread returns,
 * so the hard half cannot run again while the thread consumes the latch.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/io.h>

static int osl_irq = 41;
module_param(osl_irq, int, 0444);

static void __iomem *osl_base;
static u32 osl_latched;

static irqreturn_t osl_hard(int irq, void *dev)
{
	osl_latched = readl(osl_base);
	return osl_latched ? IRQ_WAKE_THREAD : IRQ_NONE;
}

static irqreturn_t osl_thread(int irq, void *dev)
{
	u32 bits = osl_latched;

	osl_latched = 0;
	pr_debug("osl: %08x\n", bits);
	return IRQ_HANDLED;
}

static int __init osl_init(void)
{
	osl_base = ioremap(0xfe300000, 4);
	if (!osl_base)
		return -ENOMEM;
	return request_threaded_irq(osl_irq, osl_hard, osl_thread, IRQF_ONESHOT, "osl", &osl_base);
}

static void __exit osl_exit(void)
{
	free_irq(osl_irq, &osl_base);
	iounmap(osl_base);
}

module_init(osl_init);
module_exit(osl_exit);
MODULE_LICENSE("GPL");
