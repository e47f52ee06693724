// SPDX-License-Identifier: GPL-2.0
/*
 * Flags word.  The interrupt handler sets the NEED_RECONFIG bit under
 * hw_lock; the watchdog timer changes the LINK_UP bit of the same word
 * without taking it.  Its read-modify-write can write back the word from
 * before the handler's bit, and the reconfiguration never happens.  (The
 * same update from ndo_set_features is not reported: the handler's lock
 * says the driver has a locking design, and a subsystem's method runs in
 * a state the subsystem orders.)
 */
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/io.h>

#define FLG_NEED_RECONFIG	BIT(0)
#define FLG_LINK_UP		BIT(1)

struct flg_adapter {
	spinlock_t hw_lock;
	void __iomem *regs;
	unsigned long flags;
	struct work_struct service;
	struct timer_list watchdog;
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

static void flg_watchdog(struct timer_list *t)
{
	struct flg_adapter *adapter = from_timer(adapter, t, watchdog);

	if (readl(adapter->regs + 8) & 1)
		adapter->flags |= FLG_LINK_UP;
	else
		adapter->flags &= ~FLG_LINK_UP;
	mod_timer(&adapter->watchdog, jiffies + HZ);
}

static int flg_set_features(struct net_device *netdev, netdev_features_t features)
{
	struct flg_adapter *adapter = netdev_priv(netdev);

	if (features & NETIF_F_RXCSUM)
		adapter->flags |= BIT(2);
	else
		adapter->flags &= ~BIT(2);
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
	timer_setup(&adapter->watchdog, flg_watchdog, 0);
	return request_irq(netdev->irq, flg_intr, 0, netdev->name, adapter);
}

static const struct net_device_ops flg_netdev_ops = {
	.ndo_open = flg_open,
	.ndo_set_features = flg_set_features,
};

MODULE_LICENSE("GPL");
