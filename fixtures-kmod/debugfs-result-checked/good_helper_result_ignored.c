// SPDX-License-Identifier: GPL-2.0
/*
 * The helper bails out with an errno, but nobody fails on it: the probe
 * ignores it, or only warns.
 */
#include <linux/module.h>
#include <linux/usb.h>
#include <linux/debugfs.h>

struct hri_dev {
	struct usb_device *udev;
	struct dentry *dbg;
	u32 urbs;
};

static int hri_debugfs_init(struct hri_dev *d)
{
	d->dbg = debugfs_create_dir("hri", NULL);
	if (IS_ERR(d->dbg))
		return PTR_ERR(d->dbg);
	debugfs_create_u32("urbs", 0444, d->dbg, &d->urbs);
	return 0;
}

static int hri_stats_init(struct hri_dev *d)
{
	struct dentry *f = debugfs_create_dir("stats", d->dbg);

	if (IS_ERR(f))
		return -ENOMEM;
	return 0;
}

static int hri_probe(struct usb_interface *intf, const struct usb_device_id *id)
{
	struct hri_dev *d;

	d = devm_kzalloc(&intf->dev, sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	d->udev = interface_to_usbdev(intf);
	hri_debugfs_init(d);
	if (hri_stats_init(d))
		dev_warn(&intf->dev, "debugfs stats unavailable\n");
	usb_set_intfdata(intf, d);
	return 0;
}

static const struct usb_device_id hri_ids[] = {
	{ USB_DEVICE(0x0bda, 0x8153) },
	{ }
};
MODULE_DEVICE_TABLE(usb, hri_ids);

static struct usb_driver hri_driver = {
	.name = "hri",
	.probe = hri_probe,
	.id_table = hri_ids,
};
module_usb_driver(hri_driver);
MODULE_LICENSE("GPL");
