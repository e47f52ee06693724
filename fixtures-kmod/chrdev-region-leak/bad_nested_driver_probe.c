// SPDX-License-Identifier: GPL-2.0
/*
 * EISA data-acquisition card with a char node per slot. The EISA bus has
 * no probe of its own: the driver core calls the probe and remove set in
 * the embedded struct device_driver. The probe gives its region back on
 * no path, and remove only deletes the cdev.
 */
#include <linux/module.h>
#include <linux/eisa.h>
#include <linux/cdev.h>
#include <linux/fs.h>
#include <linux/ioport.h>

#define DAQ_IO_SIZE	0x100

struct daq_card {
	struct cdev cdev;
	dev_t devt;
	unsigned long ioaddr;
};

static const struct file_operations daq_fops = {
	.owner = THIS_MODULE,
};

static int daq_eisa_probe(struct device *dev)
{
	struct eisa_device *edev = to_eisa_device(dev);
	struct daq_card *card;
	int ret;

	card = devm_kzalloc(dev, sizeof(*card), GFP_KERNEL);
	if (!card)
		return -ENOMEM;
	card->ioaddr = edev->base_addr;

	ret = alloc_chrdev_region(&card->devt, 0, 1, "eisa-daq"); /* expect: chrdev-region-leak */
	if (ret)
		return ret;

	cdev_init(&card->cdev, &daq_fops);
	ret = cdev_add(&card->cdev, card->devt, 1);
	if (ret)
		return ret; /* expect: chrdev-region-leak */

	dev_set_drvdata(dev, card);
	return 0;
}

static int daq_eisa_remove(struct device *dev)
{
	struct daq_card *card = dev_get_drvdata(dev);

	cdev_del(&card->cdev);
	return 0;
}

static struct eisa_device_id daq_eisa_ids[] = {
	{ "ACM4201" },
	{ "" }
};
MODULE_DEVICE_TABLE(eisa, daq_eisa_ids);

static struct eisa_driver daq_eisa_driver = {
	.id_table = daq_eisa_ids,
	.driver = {
		.name = "eisa-daq",
		.probe = daq_eisa_probe,
		.remove = daq_eisa_remove,
	},
};

static int __init daq_init(void)
{
	return eisa_driver_register(&daq_eisa_driver);
}

static void __exit daq_exit(void)
{
	eisa_driver_unregister(&daq_eisa_driver);
}

module_init(daq_init);
module_exit(daq_exit);
MODULE_LICENSE("GPL");
