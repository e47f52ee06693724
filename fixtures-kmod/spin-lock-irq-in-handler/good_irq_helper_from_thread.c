// SPDX-License-Identifier: GPL-2.0
/*
 * Audio DSP: the primary handler masks and wakes the thread; the thread
 * calls the stream/IPC processing helpers, which return irqreturn_t but
 * only ever run in the thread.
 */
#include <linux/pci.h>
#include <linux/interrupt.h>

#define DSP_INTSTS	0x24
#define DSP_INTCTL	0x20

struct dsp_bus {
	void __iomem *remap;
	spinlock_t reg_lock;
	u32 rirb_count;
};

static irqreturn_t dsp_process_rirb(struct dsp_bus *bus)
{
	irqreturn_t ret = IRQ_NONE;

	spin_lock_irq(&bus->reg_lock);
	if (readb(bus->remap + 0x5d) & 1) {
		bus->rirb_count++;
		writeb(1, bus->remap + 0x5d);
		ret = IRQ_HANDLED;
	}
	spin_unlock_irq(&bus->reg_lock);
	return ret;
}

static irqreturn_t dsp_irq_handler(int irq, void *data)
{
	struct dsp_bus *bus = data;

	if (!readl(bus->remap + DSP_INTSTS))
		return IRQ_NONE;
	writel(0, bus->remap + DSP_INTCTL);
	return IRQ_WAKE_THREAD;
}

static irqreturn_t dsp_irq_thread(int irq, void *data)
{
	struct dsp_bus *bus = data;
	irqreturn_t ret = dsp_process_rirb(bus);

	writel(1, bus->remap + DSP_INTCTL);
	return ret;
}

static int dsp_probe(struct pci_dev *pci, const struct pci_device_id *id)
{
	struct dsp_bus *bus;
	int ret;

	bus = devm_kzalloc(&pci->dev, sizeof(*bus), GFP_KERNEL);
	if (!bus)
		return -ENOMEM;
	ret = pcim_enable_device(pci);
	if (ret)
		return ret;
	bus->remap = pcim_iomap(pci, 0, 0);
	if (!bus->remap)
		return -ENOMEM;
	spin_lock_init(&bus->reg_lock);
	ret = pci_alloc_irq_vectors(pci, 1, 1, PCI_IRQ_MSI | PCI_IRQ_INTX);
	if (ret < 0)
		return ret;
	pci_set_drvdata(pci, bus);
	return pci_request_irq(pci, 0, dsp_irq_handler, dsp_irq_thread, bus, "acme-dsp");
}

static void dsp_remove(struct pci_dev *pci)
{
	pci_free_irq(pci, 0, pci_get_drvdata(pci));
	pci_free_irq_vectors(pci);
}

static const struct pci_device_id dsp_ids[] = {
	{ PCI_DEVICE(0x8086, 0xabcd) },
	{ }
};
MODULE_DEVICE_TABLE(pci, dsp_ids);

static struct pci_driver dsp_driver = {
	.name		= "acme-dsp",
	.id_table	= dsp_ids,
	.probe		= dsp_probe,
	.remove		= dsp_remove,
};
module_pci_driver(dsp_driver);
MODULE_LICENSE("GPL");
