/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CNTR_H
#define _CNTR_H

#include <linux/interrupt.h>
#include <linux/spinlock.h>

extern spinlock_t cntr_lock;
extern u64 cntr_total;
extern void __iomem *cntr_regs;

irqreturn_t cntr_interrupt(int irq, void *data);

#endif
