/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WDTX_H
#define _WDTX_H

#include <linux/interrupt.h>

extern void __iomem *wdtx_base;
extern int wdtx_fired;

irqreturn_t wdtx_isr(int irq, void *data);

#endif
