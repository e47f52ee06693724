// SPDX-License-Identifier: GPL-2.0
/*
 * Hotkey panel described in ACPI, with a char node user space reads key
 * codes from. The ACPI bus calls the .add and .remove of the driver's
 * acpi_device_ops: add is this driver's probe. When the cdev cannot be
 * added, add returns with the region still allocated, and remove only
 * deletes the cdev.
 */
#include <linux/module.h>
#include <linux/acpi.h>
#include <linux/cdev.h>
#include <linux/fs.h>

struct hkp_panel {
	struct cdev cdev;
	dev_t devt;
	struct acpi_device *adev;
};

static const struct file_operations hkp_fops = {
	.owner = THIS_MODULE,
};

static int hkp_add(struct acpi_device *adev)
{
	struct hkp_panel *panel;
	int err;

	panel = devm_kzalloc(&adev->dev, sizeof(*panel), GFP_KERNEL);
	if (!panel)
		return -ENOMEM;
	panel->adev = adev;

	err = alloc_chrdev_region(&panel->devt, 0, 1, "hotkey-panel"); /* expect: chrdev-region-leak */
	if (err)
		return err;

	cdev_init(&panel->cdev, &hkp_fops);
	err = cdev_add(&panel->cdev, panel->devt, 1);
	if (err)
		return err; /* expect: chrdev-region-leak */

	adev->driver_data = panel;
	return 0;
}

static void hkp_remove(struct acpi_device *adev)
{
	struct hkp_panel *panel = acpi_driver_data(adev);

	cdev_del(&panel->cdev);
}

static void hkp_notify(struct acpi_device *adev, u32 event)
{
	dev_dbg(&adev->dev, "event %#x\n", event);
}

static const struct acpi_device_id hkp_ids[] = {
	{ "HKP0001", 0 },
	{ "", 0 },
};
MODULE_DEVICE_TABLE(acpi, hkp_ids);

static struct acpi_driver hkp_driver = {
	.name = "hotkey-panel",
	.class = "hotkey",
	.ids = hkp_ids,
	.ops = {
		.add = hkp_add,
		.remove = hkp_remove,
		.notify = hkp_notify,
	},
};
module_acpi_driver(hkp_driver);

MODULE_LICENSE("GPL");
