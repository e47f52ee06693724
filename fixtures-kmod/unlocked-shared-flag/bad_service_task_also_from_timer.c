// SPDX-License-Identifier: GPL-2.0
/*
 * Service task.  The interrupt handler sets event bits in flags2 and
 * queues the service task; the watchdog timer queues the same task every
 * two seconds.  The task clears the bit it handled with &=, no lock: it
 * runs whenever the timer says, while the handler may be setting another
 * bit, and that bit is lost.  (Work only the handler queues would be a
 * hand-off the device orders; this one is not.)
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/interrupt.h>
#include <linux/workqueue.h>
#include <linux/timer.h>
#include <linux/io.h>

#define SVC_FLAG2_TEMP_EVENT	BIT(0)
#define SVC_FLAG2_PHY_EVENT	BIT(1)

struct svc_adapter {
	void __iomem *regs;
	u32 flags2;
	struct work_struct service_task;
	struct timer_list service_timer;
};

static void svc_service_event_schedule(struct svc_adapter *adapter)
{
	queue_work(system_power_efficient_wq, &adapter->service_task);
}

static irqreturn_t svc_intr(int irq, void *data)
{
	struct svc_adapter *adapter = data;
	u32 eicr = readl(adapter->regs);

	if (eicr & 1)
		adapter->flags2 |= SVC_FLAG2_TEMP_EVENT; /* expect: unlocked-shared-flag */
	if (eicr & 2)
		adapter->flags2 |= SVC_FLAG2_PHY_EVENT;
	svc_service_event_schedule(adapter);
	return IRQ_HANDLED;
}

static void svc_service_timer(struct timer_list *t)
{
	struct svc_adapter *adapter = from_timer(adapter, t, service_timer);

	mod_timer(&adapter->service_timer, jiffies + 2 * HZ);
	svc_service_event_schedule(adapter);
}

static void svc_service_task(struct work_struct *work)
{
	struct svc_adapter *adapter = container_of(work, struct svc_adapter, service_task);

	if (adapter->flags2 & SVC_FLAG2_TEMP_EVENT) {
		adapter->flags2 &= ~SVC_FLAG2_TEMP_EVENT;
		pr_warn("svc: over temperature\n");
	}
}

static int svc_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct svc_adapter *adapter = devm_kzalloc(&pdev->dev, sizeof(*adapter), GFP_KERNEL);

	if (!adapter)
		return -ENOMEM;
	INIT_WORK(&adapter->service_task, svc_service_task);
	timer_setup(&adapter->service_timer, svc_service_timer, 0);
	return devm_request_irq(&pdev->dev, pdev->irq, svc_intr, 0, "svc", adapter);
}

static struct pci_driver svc_driver = {
	.name = "svc",
	.probe = svc_probe,
};
module_pci_driver(svc_driver);
MODULE_LICENSE("GPL");
