// SPDX-License-Identifier: GPL-2.0
/*
 * The check sits in a debugfs helper, and the probe fails with what it
 * returns.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/debugfs.h>

struct hp_dev {
	struct pci_dev *pdev;
	struct dentry *dbg;
	u32 resets;
};

static int hp_debugfs_init(struct hp_dev *hp)
{
	hp->dbg = debugfs_create_dir(pci_name(hp->pdev), NULL);
	if (IS_ERR(hp->dbg)) /* expect: debugfs-result-checked */
		return PTR_ERR(hp->dbg);
	debugfs_create_u32("resets", 0444, hp->dbg, &hp->resets);
	return 0;
}

static int hp_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct hp_dev *hp;
	int ret;

	hp = devm_kzalloc(&pdev->dev, sizeof(*hp), GFP_KERNEL);
	if (!hp)
		return -ENOMEM;
	hp->pdev = pdev;
	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	ret = hp_debugfs_init(hp);
	if (ret)
		return ret;
	pci_set_drvdata(pdev, hp);
	return 0;
}

static const struct pci_device_id hp_ids[] = {
	{ PCI_DEVICE(0x8086, 0x0b60) },
	{ }
};
MODULE_DEVICE_TABLE(pci, hp_ids);

static struct pci_driver hp_driver = {
	.name = "hp",
	.id_table = hp_ids,
	.probe = hp_probe,
};
module_pci_driver(hp_driver);
MODULE_LICENSE("GPL");
