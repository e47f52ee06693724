// SPDX-License-Identifier: GPL-2.0
/*
 * i2c EEPROM with a char node per chip: probe unwinds with labels,
 * remove deletes the node; a devm action covers the sysfs device.
 */
#include <linux/module.h>
#include <linux/i2c.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>

struct ee_chip {
	struct i2c_client *client;
	struct cdev cdev;
	dev_t devt;
	struct device *node;
};

static dev_t ee_base;
static struct class *ee_class;

static const struct file_operations ee_fops = {
	.owner = THIS_MODULE,
};

static void ee_destroy_node(void *data)
{
	struct ee_chip *chip = data;

	device_destroy(ee_class, chip->devt);
}

static int ee_probe(struct i2c_client *client)
{
	struct ee_chip *chip;
	int ret;

	chip = devm_kzalloc(&client->dev, sizeof(*chip), GFP_KERNEL);
	if (!chip)
		return -ENOMEM;
	chip->client = client;
	chip->devt = MKDEV(MAJOR(ee_base), client->addr & 0x7);

	cdev_init(&chip->cdev, &ee_fops);
	ret = cdev_add(&chip->cdev, chip->devt, 1);
	if (ret)
		return ret;

	chip->node = device_create(ee_class, &client->dev, chip->devt, chip, "ee%d", client->addr & 0x7);
	if (IS_ERR(chip->node)) {
		ret = PTR_ERR(chip->node);
		goto err_cdev;
	}
	ret = devm_add_action_or_reset(&client->dev, ee_destroy_node, chip);
	if (ret)
		goto err_cdev;

	ret = i2c_smbus_read_byte_data(client, 0);
	if (ret < 0) {
		dev_err(&client->dev, "chip does not answer\n");
		goto err_cdev;
	}
	i2c_set_clientdata(client, chip);
	return 0;

err_cdev:
	cdev_del(&chip->cdev);
	return ret;
}

static void ee_remove(struct i2c_client *client)
{
	struct ee_chip *chip = i2c_get_clientdata(client);

	cdev_del(&chip->cdev);
}

static struct i2c_driver ee_driver = {
	.driver = { .name = "ee-chip" },
	.probe = ee_probe,
	.remove = ee_remove,
};

static int __init ee_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&ee_base, 0, 8, "ee-chip");
	if (ret)
		return ret;
	ee_class = class_create("ee-chip");
	if (IS_ERR(ee_class)) {
		unregister_chrdev_region(ee_base, 8);
		return PTR_ERR(ee_class);
	}
	ret = i2c_add_driver(&ee_driver);
	if (ret) {
		class_destroy(ee_class);
		unregister_chrdev_region(ee_base, 8);
	}
	return ret;
}

static void __exit ee_exit(void)
{
	i2c_del_driver(&ee_driver);
	class_destroy(ee_class);
	unregister_chrdev_region(ee_base, 8);
}

module_init(ee_init);
module_exit(ee_exit);
MODULE_LICENSE("GPL");
