// SPDX-License-Identifier: GPL-2.0
/*
 * Correct signatures, but the entry points stay in memory for nothing.
 */
#include <linux/module.h>
#include <linux/pci.h>

static int mni_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	return pcim_enable_device(pdev);
}

static const struct pci_device_id mni_ids[] = {
	{ PCI_DEVICE(0x1af4, 0x10f1) },
	{ }
};
MODULE_DEVICE_TABLE(pci, mni_ids);

static struct pci_driver mni_driver = {
	.name = "mni",
	.id_table = mni_ids,
	.probe = mni_probe,
};

static int mni_init(void) /* expect: module-init-signature */
{
	return pci_register_driver(&mni_driver);
}

static void mni_exit(void) /* expect: module-init-signature */
{
	pci_unregister_driver(&mni_driver);
}

module_init(mni_init);
module_exit(mni_exit);
MODULE_LICENSE("GPL");
