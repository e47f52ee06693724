// SPDX-License-Identifier: GPL-2.0
/*
 * IS_ERR_OR_NULL() and -ENODEV: the error debugfs gives when it is off,
 * handed straight to the driver core.
 */
#include <linux/module.h>
#include <linux/i2c.h>
#include <linux/debugfs.h>

struct ion_chip {
	struct i2c_client *client;
	struct dentry *dbg;
	u32 last_status;
};

static int ion_probe(struct i2c_client *client)
{
	struct ion_chip *chip;

	chip = devm_kzalloc(&client->dev, sizeof(*chip), GFP_KERNEL);
	if (!chip)
		return -ENOMEM;
	chip->client = client;
	chip->dbg = debugfs_create_dir(dev_name(&client->dev), NULL);
	if (IS_ERR_OR_NULL(chip->dbg)) /* expect: debugfs-result-checked */
		return -ENODEV;
	debugfs_create_x32("status", 0444, chip->dbg, &chip->last_status);
	i2c_set_clientdata(client, chip);
	return 0;
}

static struct i2c_driver ion_driver = {
	.driver = { .name = "ion" },
	.probe = ion_probe,
};
module_i2c_driver(ion_driver);
MODULE_LICENSE("GPL");
