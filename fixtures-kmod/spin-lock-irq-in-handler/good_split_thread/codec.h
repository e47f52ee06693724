/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ACME_CDC_H
#define ACME_CDC_H
#include <linux/i2c.h>
#include <linux/interrupt.h>

struct cdc_priv {
	struct i2c_client *client;
	spinlock_t jack_lock;
	int jack_status;
};

irqreturn_t cdc_jack_irq(int irq, void *data);
#endif
