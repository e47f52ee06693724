// SPDX-License-Identifier: GPL-2.0
/*
 * Host attention word.  The fast-ring interrupt path and the error poll
 * both set the error bit of work_ha, each through a static helper whose
 * only caller holds hbalock.  The helpers' kernel-doc headers name them;
 * a name in a comment is not a function pointer, so every caller is known
 * and the lock is seen: not reported.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/interrupt.h>
#include <linux/workqueue.h>
#include <linux/spinlock.h>
#include <linux/io.h>

#define HA_ERATT	0x80000000

struct hax_hba {
	spinlock_t hbalock;
	void __iomem *regs;
	u32 work_ha;
	struct delayed_work eratt_poll;
};

/**
 * hax_ring_error - note a response ring pointer error
 * @phba: the adapter, hbalock held
 */
static void hax_ring_error(struct hax_hba *phba)
{
	phba->work_ha |= HA_ERATT;
}

static irqreturn_t hax_intr(int irq, void *data)
{
	struct hax_hba *phba = data;
	unsigned long flags;

	spin_lock_irqsave(&phba->hbalock, flags);
	if (readl(phba->regs) >= 64)
		hax_ring_error(phba);
	spin_unlock_irqrestore(&phba->hbalock, flags);
	return IRQ_HANDLED;
}

/**
 * hax_eratt_read - read the error attention registers
 * @phba: the adapter, hbalock held
 */
static u32 hax_eratt_read(struct hax_hba *phba)
{
	if (readl(phba->regs + 4) & 1)
		phba->work_ha |= HA_ERATT;
	return phba->work_ha;
}

static void hax_poll_eratt(struct work_struct *work)
{
	struct hax_hba *phba = container_of(to_delayed_work(work), struct hax_hba, eratt_poll);
	u32 ha;

	spin_lock_irq(&phba->hbalock);
	ha = hax_eratt_read(phba);
	spin_unlock_irq(&phba->hbalock);
	if (!(ha & HA_ERATT))
		schedule_delayed_work(&phba->eratt_poll, HZ);
}

static int hax_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct hax_hba *phba = devm_kzalloc(&pdev->dev, sizeof(*phba), GFP_KERNEL);

	if (!phba)
		return -ENOMEM;
	spin_lock_init(&phba->hbalock);
	INIT_DELAYED_WORK(&phba->eratt_poll, hax_poll_eratt);
	return devm_request_irq(&pdev->dev, pdev->irq, hax_intr, IRQF_SHARED, "hax", phba);
}

static struct pci_driver hax_driver = {
	.name = "hax",
	.probe = hax_probe,
};
module_pci_driver(hax_driver);
MODULE_LICENSE("GPL");
