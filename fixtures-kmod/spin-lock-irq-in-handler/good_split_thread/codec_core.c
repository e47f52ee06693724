// SPDX-License-Identifier: GPL-2.0
/* Audio codec: jack detection registered here, handled in codec_jack.c. */
#include <linux/i2c.h>
#include <linux/interrupt.h>
#include "codec.h"

static int cdc_probe(struct i2c_client *client)
{
	struct cdc_priv *cdc;

	cdc = devm_kzalloc(&client->dev, sizeof(*cdc), GFP_KERNEL);
	if (!cdc)
		return -ENOMEM;
	cdc->client = client;
	spin_lock_init(&cdc->jack_lock);
	i2c_set_clientdata(client, cdc);
	return devm_request_threaded_irq(&client->dev, client->irq, NULL, cdc_jack_irq,
					 IRQF_ONESHOT | IRQF_TRIGGER_LOW, "cdc-jack", cdc);
}

static const struct i2c_device_id cdc_id[] = { { "acme-cdc" }, { } };
MODULE_DEVICE_TABLE(i2c, cdc_id);

static struct i2c_driver cdc_driver = {
	.driver		= { .name = "acme-cdc" },
	.probe		= cdc_probe,
	.id_table	= cdc_id,
};
module_i2c_driver(cdc_driver);
MODULE_LICENSE("GPL");
