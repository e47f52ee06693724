// SPDX-License-Identifier: GPL-2.0
/*
 * PCI capture card: pci_request_irq() with a primary handler that acks
 * the frame-done bit and a thread that hands the buffer to V4L2.
 */
#include <linux/pci.h>
#include <linux/interrupt.h>
#include <linux/list.h>

#define CAP_ISR		0x40
#define CAP_FRAME_DONE	BIT(2)

struct cap_dev {
	struct pci_dev *pdev;
	void __iomem *mmio;
	spinlock_t qlock;
	struct list_head done;
	unsigned int frames;
};

static irqreturn_t cap_irq(int irq, void *data)
{
	struct cap_dev *cap = data;
	u32 isr = ioread32(cap->mmio + CAP_ISR);

	if (!(isr & CAP_FRAME_DONE))
		return IRQ_NONE;
	iowrite32(isr, cap->mmio + CAP_ISR);
	raw_spin_lock_irq(&cap->qlock); /* expect: spin-lock-irq-in-handler */
	cap->frames++;
	raw_spin_unlock_irq(&cap->qlock);
	return IRQ_WAKE_THREAD;
}

static irqreturn_t cap_irq_thread(int irq, void *data)
{
	struct cap_dev *cap = data;
	unsigned int n;

	spin_lock_irq(&cap->qlock);
	n = cap->frames;
	cap->frames = 0;
	spin_unlock_irq(&cap->qlock);
	dev_dbg(&cap->pdev->dev, "%u frames\n", n);
	return IRQ_HANDLED;
}

static int cap_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct cap_dev *cap;
	int ret;

	cap = devm_kzalloc(&pdev->dev, sizeof(*cap), GFP_KERNEL);
	if (!cap)
		return -ENOMEM;
	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	cap->mmio = pcim_iomap(pdev, 0, 0);
	if (!cap->mmio)
		return -ENOMEM;
	cap->pdev = pdev;
	spin_lock_init(&cap->qlock);
	INIT_LIST_HEAD(&cap->done);
	ret = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_ALL_TYPES);
	if (ret < 0)
		return ret;
	pci_set_drvdata(pdev, cap);
	return pci_request_irq(pdev, 0, cap_irq, cap_irq_thread, cap, "cap");
}

static void cap_remove(struct pci_dev *pdev)
{
	struct cap_dev *cap = pci_get_drvdata(pdev);

	pci_free_irq(pdev, 0, cap);
	pci_free_irq_vectors(pdev);
}

static const struct pci_device_id cap_ids[] = {
	{ PCI_DEVICE(0x1d0f, 0xcafe) },
	{ }
};
MODULE_DEVICE_TABLE(pci, cap_ids);

static struct pci_driver cap_driver = {
	.name		= "acme-cap",
	.id_table	= cap_ids,
	.probe		= cap_probe,
	.remove		= cap_remove,
};
module_pci_driver(cap_driver);
MODULE_LICENSE("GPL");
