// SPDX-License-Identifier: GPL-2.0
/*
 * Crash dump area of a PCI device, exposed with a known size through
 * debugfs_create_file_size().  Same proxying, same lost .mmap.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/debugfs.h>
#include <linux/mm.h>

#define CDMP_BAR	2
#define CDMP_SIZE	SZ_1M

struct cdmp_dev {
	struct pci_dev *pdev;
	struct dentry *dbg;
};

static int cdmp_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct cdmp_dev *cd = file->private_data;

	return vm_iomap_memory(vma, pci_resource_start(cd->pdev, CDMP_BAR), CDMP_SIZE);
}

static const struct file_operations cdmp_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.mmap	= cdmp_mmap,
};

static int cdmp_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct cdmp_dev *cd;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	cd = devm_kzalloc(&pdev->dev, sizeof(*cd), GFP_KERNEL);
	if (!cd)
		return -ENOMEM;
	cd->pdev = pdev;
	cd->dbg = debugfs_create_dir(pci_name(pdev), NULL);
	debugfs_create_file_size("crashdump", 0400, cd->dbg, cd, &cdmp_fops, CDMP_SIZE); /* expect: debugfs-mmap-ignored */
	pci_set_drvdata(pdev, cd);
	return 0;
}

static void cdmp_remove(struct pci_dev *pdev)
{
	struct cdmp_dev *cd = pci_get_drvdata(pdev);

	debugfs_remove_recursive(cd->dbg);
}

static const struct pci_device_id cdmp_ids[] = {
	{ PCI_DEVICE(0x1d0f, 0x7070) },
	{ }
};
MODULE_DEVICE_TABLE(pci, cdmp_ids);

static struct pci_driver cdmp_driver = {
	.name		= "cdmp",
	.id_table	= cdmp_ids,
	.probe		= cdmp_probe,
	.remove		= cdmp_remove,
};
module_pci_driver(cdmp_driver);
MODULE_LICENSE("GPL");
