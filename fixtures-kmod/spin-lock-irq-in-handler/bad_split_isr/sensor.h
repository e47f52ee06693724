/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ACME_ALS_H
#define ACME_ALS_H
#include <linux/i2c.h>
#include <linux/interrupt.h>
#include <linux/spinlock.h>

struct als_data {
	struct i2c_client *client;
	spinlock_t lock;
	unsigned long events;
};

irqreturn_t als_irq_handler(int irq, void *data);
#endif
