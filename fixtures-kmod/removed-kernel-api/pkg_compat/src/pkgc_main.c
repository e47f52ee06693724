// SPDX-License-Identifier: GPL-2.0
/*
 * pkgc: a PCI capture card. The old PCI DMA names come from the package's
 * own compat header (include/pkgc/kernel.h), in another folder.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/io.h>
#include "../include/pkgc/kernel.h"

struct pkgc {
	struct pci_dev *pdev;
	void __iomem *regs;
	dma_addr_t ring_dma;
	char name[16];
	void *ring;
};

static int pkgc_map(struct pkgc *p)
{
	strlcpy(p->name, pci_name(p->pdev), sizeof(p->name));
	p->ring_dma = pci_map_single(p->pdev, p->ring, 4096, DMA_TO_DEVICE);
#ifdef PKGC_HAVE_DMA_MASK_HELPER
	return dma_set_mask(&p->pdev->dev, DMA_BIT_MASK(32));
#else
	return pci_set_dma_mask(p->pdev, DMA_BIT_MASK(32));
#endif
}

static int pkgc_regs(struct pkgc *p)
{
	p->regs = ioremap_nocache(pci_resource_start(p->pdev, 0), 256); /* expect: removed-kernel-api */
	return p->regs ? pkgc_map(p) : -ENOMEM;
}
