// SPDX-License-Identifier: GPL-2.0
/*
 * I2C fan controller whose probe tests its debugfs directory for both
 * NULL and an error pointer, and gives up on either: with debugfs=off
 * the directory is ERR_PTR(-EPERM) and the fan is never driven.
 */
#include <linux/module.h>
#include <linux/i2c.h>
#include <linux/debugfs.h>

struct fanc {
	struct i2c_client *client;
	struct dentry *dbg;
	u8 duty;
};

static int fanc_probe(struct i2c_client *client)
{
	struct fanc *fc;

	fc = devm_kzalloc(&client->dev, sizeof(*fc), GFP_KERNEL);
	if (!fc)
		return -ENOMEM;
	fc->client = client;
	fc->dbg = debugfs_create_dir(dev_name(&client->dev), NULL);
	if (!fc->dbg || IS_ERR(fc->dbg)) /* expect: debugfs-result-checked */
		return -ENODEV;
	debugfs_create_u8("duty", 0644, fc->dbg, &fc->duty);
	i2c_set_clientdata(client, fc);
	return i2c_smbus_write_byte_data(client, 0x01, 0x80);
}

static void fanc_remove(struct i2c_client *client)
{
	struct fanc *fc = i2c_get_clientdata(client);

	debugfs_remove_recursive(fc->dbg);
}

static const struct i2c_device_id fanc_ids[] = {
	{ "fanc" },
	{ }
};
MODULE_DEVICE_TABLE(i2c, fanc_ids);

static struct i2c_driver fanc_driver = {
	.driver = { .name = "fanc" },
	.probe = fanc_probe,
	.remove = fanc_remove,
	.id_table = fanc_ids,
};
module_i2c_driver(fanc_driver);
MODULE_LICENSE("GPL");
