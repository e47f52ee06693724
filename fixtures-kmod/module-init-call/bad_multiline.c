// SPDX-License-Identifier: GPL-2.0
/*
 * Sensor hub: the macro argument split over lines hides the parentheses.
 */
#include <linux/module.h>
#include <linux/i2c.h>

static int shub_probe(struct i2c_client *client)
{
	return 0;
}

static const struct i2c_device_id shub_id[] = {
	{ "shub" },
	{ }
};
MODULE_DEVICE_TABLE(i2c, shub_id);

static struct i2c_driver shub_driver = {
	.driver = { .name = "shub" },
	.probe = shub_probe,
	.id_table = shub_id,
};

static int __init shub_init(void)
{
	return i2c_add_driver(&shub_driver);
}

static void __exit shub_exit(void)
{
	i2c_del_driver(&shub_driver);
}

module_init(shub_init);
module_exit( /* expect: module-init-call */
	shub_exit()
);
MODULE_LICENSE("GPL");
