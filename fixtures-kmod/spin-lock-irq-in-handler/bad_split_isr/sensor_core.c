// SPDX-License-Identifier: GPL-2.0
/* Ambient light sensor: probe and registration; the handler lives in sensor_irq.c. */
#include <linux/i2c.h>
#include <linux/interrupt.h>
#include "sensor.h"

static int als_probe(struct i2c_client *client)
{
	struct als_data *als;

	als = devm_kzalloc(&client->dev, sizeof(*als), GFP_KERNEL);
	if (!als)
		return -ENOMEM;
	als->client = client;
	spin_lock_init(&als->lock);
	i2c_set_clientdata(client, als);
	return devm_request_irq(&client->dev, client->irq, als_irq_handler,
				IRQF_TRIGGER_FALLING, "als", als);
}

static const struct i2c_device_id als_id[] = { { "acme-als" }, { } };
MODULE_DEVICE_TABLE(i2c, als_id);

static struct i2c_driver als_driver = {
	.driver		= { .name = "acme-als" },
	.probe		= als_probe,
	.id_table	= als_id,
};
module_i2c_driver(als_driver);
MODULE_LICENSE("GPL");
