// SPDX-License-Identifier: GPL-2.0
/* Audio codec: jack detection, run as the IRQ thread (I2C reads sleep). */
#include "codec.h"

irqreturn_t cdc_jack_irq(int irq, void *data)
{
	struct cdc_priv *cdc = data;
	int st = i2c_smbus_read_byte_data(cdc->client, 0x1c);

	if (st < 0)
		return IRQ_NONE;
	spin_lock_irq(&cdc->jack_lock);
	cdc->jack_status = st & 0x3;
	spin_unlock_irq(&cdc->jack_lock);
	return IRQ_HANDLED;
}
