// SPDX-License-Identifier: GPL-2.0
/*
 * Link settings.  The link-change interrupt stores the speed the PHY
 * negotiated; ethtool's set_link_ksettings stores the speed the user
 * forces, after comparing it with the current one.  Each side overwrites
 * the whole value with what it knows: a status the handler reports and a
 * setting the system call makes, nothing the handler gathers is lost.
 * Not reported (a plain store in the handler).
 */
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/ethtool.h>
#include <linux/interrupt.h>
#include <linux/io.h>

#define LNK_STATUS	0x10
#define LNK_CTRL	0x14

struct lnk_priv {
	void __iomem *regs;
	int speed;
	bool full_duplex;
};

static irqreturn_t lnk_interrupt(int irq, void *data)
{
	struct net_device *dev = data;
	struct lnk_priv *np = netdev_priv(dev);
	u32 status = readl(np->regs + LNK_STATUS);

	if (!(status & 1))
		return IRQ_NONE;
	np->speed = status & 2 ? 1000 : 100;
	np->full_duplex = status & 4;
	return IRQ_HANDLED;
}

static int lnk_set_link_ksettings(struct net_device *dev, const struct ethtool_link_ksettings *cmd)
{
	struct lnk_priv *np = netdev_priv(dev);

	if (cmd->base.speed == np->speed)
		return 0;
	np->speed = cmd->base.speed;
	writel(np->speed == 1000 ? 2 : 0, np->regs + LNK_CTRL);
	return 0;
}

static const struct ethtool_ops lnk_ethtool_ops = {
	.set_link_ksettings = lnk_set_link_ksettings,
};

static int lnk_open(struct net_device *dev)
{
	return request_irq(dev->irq, lnk_interrupt, IRQF_SHARED, dev->name, dev);
}

static const struct net_device_ops lnk_netdev_ops = {
	.ndo_open = lnk_open,
};

MODULE_LICENSE("GPL");
