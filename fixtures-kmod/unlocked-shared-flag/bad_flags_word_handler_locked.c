// SPDX-License-Identifier: GPL-2.0
/*
 * Flags word.  The interrupt handler sets the NEED_RECONFIG bit under
 * hw_lock; ndo_set_features changes the CSUM bit of the same word without
 * taking it.  Its read-modify-write can write back the word from before
 * the handler's bit, and the reconfiguration never happens.
 */
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/io.h>

#define FLG_NEED_RECONFIG	BIT(0)
#define FLG_RX_CSUM		BIT(1)

struct flg_adapter {
	spinlock_t hw_lock;
	void __iomem *regs;
	unsigned long flags;
	struct work_struct service;
};

static irqreturn_t flg_intr(int irq, void *data)
{
	struct flg_adapter *adapter = data;

	spin_lock(&adapter->hw_lock);
	if (readl(adapter->regs) & 4)
		adapter->flags |= FLG_NEED_RECONFIG; /* expect: unlocked-shared-flag */
	spin_unlock(&adapter->hw_lock);
	schedule_work(&adapter->service);
	return IRQ_HANDLED;
}

static int flg_set_features(struct net_device *netdev, netdev_features_t features)
{
	struct flg_adapter *adapter = netdev_priv(netdev);

	if (features & NETIF_F_RXCSUM)
		adapter->flags |= FLG_RX_CSUM;
	else
		adapter->flags &= ~FLG_RX_CSUM;
	return 0;
}

static void flg_service(struct work_struct *work)
{
	struct flg_adapter *adapter = container_of(work, struct flg_adapter, service);
	unsigned long flags;

	spin_lock_irqsave(&adapter->hw_lock, flags);
	adapter->flags &= ~FLG_NEED_RECONFIG;
	spin_unlock_irqrestore(&adapter->hw_lock, flags);
}

static int flg_open(struct net_device *netdev)
{
	struct flg_adapter *adapter = netdev_priv(netdev);

	INIT_WORK(&adapter->service, flg_service);
	return request_irq(netdev->irq, flg_intr, 0, netdev->name, adapter);
}

static const struct net_device_ops flg_netdev_ops = {
	.ndo_open = flg_open,
	.ndo_set_features = flg_set_features,
};

MODULE_LICENSE("GPL");
