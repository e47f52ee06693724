// SPDX-License-Identifier: GPL-2.0
/* wdtx: pre-timeout interrupt. */
#include <linux/io.h>
#include "wdtx.h"

#define WDTX_EOI	0x0c

irqreturn_t wdtx_isr(int irq, void *data)
{
	writel(1, wdtx_base + WDTX_EOI);
	wdtx_fired++; /* expect: unlocked-shared-flag */
	return IRQ_HANDLED;
}
