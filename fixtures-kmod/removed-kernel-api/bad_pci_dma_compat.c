// SPDX-License-Identifier: GPL-2.0
/*
 * DMA through the pci_* wrappers, removed with pci-dma-compat.h in 5.18.
 */
#include <linux/module.h>
#include <linux/pci.h>

struct pdc_ring {
	void *cpu;
	dma_addr_t dma;
};

static int pdc_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct pdc_ring *ring;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	if (pci_set_dma_mask(pdev, DMA_BIT_MASK(32))) /* expect: removed-kernel-api */
		return -EIO;
	ring = devm_kzalloc(&pdev->dev, sizeof(*ring), GFP_KERNEL);
	if (!ring)
		return -ENOMEM;
	ring->cpu = pci_alloc_consistent(pdev, PAGE_SIZE, &ring->dma); /* expect: removed-kernel-api */
	if (!ring->cpu)
		return -ENOMEM;
	pci_set_drvdata(pdev, ring);
	return 0;
}

static void pdc_remove(struct pci_dev *pdev)
{
	struct pdc_ring *ring = pci_get_drvdata(pdev);

	pci_free_consistent(pdev, PAGE_SIZE, ring->cpu, ring->dma); /* expect: removed-kernel-api */
}

static const struct pci_device_id pdc_ids[] = {
	{ PCI_DEVICE(0x10ee, 0x7024) },
	{ }
};
MODULE_DEVICE_TABLE(pci, pdc_ids);

static struct pci_driver pdc_driver = {
	.name = "pdc",
	.id_table = pdc_ids,
	.probe = pdc_probe,
	.remove = pdc_remove,
};
module_pci_driver(pdc_driver);
MODULE_LICENSE("GPL");
