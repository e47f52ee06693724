// SPDX-License-Identifier: GPL-2.0
/*
 * Command list.  add_cmd() marks the command with |= before it links it
 * into the list under the lock; only then can the interrupt handler see
 * it, and the handler clears the interrupt bit of a finished command
 * under the same lock.  add_cmd() knows the lock and takes it right after
 * preparing the command, which no one else can see yet: not reported.
 */
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/list.h>
#include <linux/io.h>

#define CMD_INTR	0x2000

struct lcmd {
	struct list_head node;
	u16 command;
};

struct lcmd_priv {
	spinlock_t lock;
	struct list_head pending;
	void __iomem *regs;
};

static void lcmd_add(struct net_device *dev, struct lcmd *cmd)
{
	struct lcmd_priv *lp = netdev_priv(dev);
	unsigned long flags;

	cmd->command |= CMD_INTR;
	spin_lock_irqsave(&lp->lock, flags);
	list_add_tail(&cmd->node, &lp->pending);
	writel(1, lp->regs);
	spin_unlock_irqrestore(&lp->lock, flags);
}

static irqreturn_t lcmd_interrupt(int irq, void *data)
{
	struct net_device *dev = data;
	struct lcmd_priv *lp = netdev_priv(dev);
	struct lcmd *cmd;

	spin_lock(&lp->lock);
	while (!list_empty(&lp->pending)) {
		cmd = list_first_entry(&lp->pending, struct lcmd, node);
		list_del(&cmd->node);
		cmd->command &= ~CMD_INTR;
	}
	spin_unlock(&lp->lock);
	return IRQ_HANDLED;
}

static void lcmd_set_multicast(struct net_device *dev)
{
	static struct lcmd mc_cmd;

	lcmd_add(dev, &mc_cmd);
}

static int lcmd_open(struct net_device *dev)
{
	return request_irq(dev->irq, lcmd_interrupt, 0, dev->name, dev);
}

static const struct net_device_ops lcmd_netdev_ops = {
	.ndo_open = lcmd_open,
	.ndo_set_rx_mode = lcmd_set_multicast,
};

MODULE_LICENSE("GPL");
