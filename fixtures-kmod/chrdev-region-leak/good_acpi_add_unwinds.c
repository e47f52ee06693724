// SPDX-License-Identifier: GPL-2.0
/*
 * Thermal sensor hub described in ACPI, one char node for its readings.
 * The ACPI bus calls .ops.add and .ops.remove; add unwinds what it set up
 * when a later step fails and remove undoes it all.
 */
#include <linux/module.h>
#include <linux/acpi.h>
#include <linux/cdev.h>
#include <linux/fs.h>

struct tsh_hub {
	struct cdev cdev;
	dev_t devt;
};

static const struct file_operations tsh_fops = {
	.owner = THIS_MODULE,
};

static int tsh_add(struct acpi_device *adev)
{
	struct tsh_hub *hub;
	int err;

	hub = devm_kzalloc(&adev->dev, sizeof(*hub), GFP_KERNEL);
	if (!hub)
		return -ENOMEM;

	err = alloc_chrdev_region(&hub->devt, 0, 1, "tsh");
	if (err)
		return err;

	cdev_init(&hub->cdev, &tsh_fops);
	err = cdev_add(&hub->cdev, hub->devt, 1);
	if (err)
		goto free_region;

	adev->driver_data = hub;
	return 0;

free_region:
	unregister_chrdev_region(hub->devt, 1);
	return err;
}

static void tsh_remove(struct acpi_device *adev)
{
	struct tsh_hub *hub = acpi_driver_data(adev);

	cdev_del(&hub->cdev);
	unregister_chrdev_region(hub->devt, 1);
}

static const struct acpi_device_id tsh_ids[] = {
	{ "TSH0100", 0 },
	{ "", 0 },
};
MODULE_DEVICE_TABLE(acpi, tsh_ids);

static struct acpi_driver tsh_driver = {
	.name = "tsh",
	.class = "thermal",
	.ids = tsh_ids,
	.ops = {
		.add = tsh_add,
		.remove = tsh_remove,
	},
};
module_acpi_driver(tsh_driver);

MODULE_LICENSE("GPL");
