// SPDX-License-Identifier: GPL-2.0
/* Ambient light sensor: the threshold interrupt. */
#include "sensor.h"

irqreturn_t als_irq_handler(int irq, void *data)
{
	struct als_data *als = data;

	spin_lock_irq(&als->lock); /* expect: spin-lock-irq-in-handler */
	als->events++;
	spin_unlock_irq(&als->lock);
	return IRQ_HANDLED;
}
