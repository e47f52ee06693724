// SPDX-License-Identifier: GPL-2.0
/* cntr: the handler, with the lock. */
#include <linux/io.h>
#include "cntr.h"

irqreturn_t cntr_interrupt(int irq, void *data)
{
	u32 delta = readl(cntr_regs);

	spin_lock(&cntr_lock);
	cntr_total += delta;
	spin_unlock(&cntr_lock);
	return IRQ_HANDLED;
}
