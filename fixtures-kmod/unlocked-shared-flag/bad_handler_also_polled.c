// SPDX-License-Identifier: GPL-2.0
/*
 * Netconsole polls the device by calling the interrupt handler directly.
 * That does not make the handler process context: it is still registered
 * with request_irq(), and it counts drops the ioctl resets without a lock.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/netdevice.h>

static unsigned long pnd_rx_dropped;

static irqreturn_t pnd_interrupt(int irq, void *dev_id)
{
	pnd_rx_dropped++; /* expect: unlocked-shared-flag */
	return IRQ_HANDLED;
}

#ifdef CONFIG_NET_POLL_CONTROLLER
static void pnd_poll_controller(struct net_device *dev)
{
	disable_irq(dev->irq);
	pnd_interrupt(dev->irq, dev);
	enable_irq(dev->irq);
}
#endif

static int pnd_siocdevprivate(struct net_device *dev, struct ifreq *ifr, void __user *data, int cmd)
{
	unsigned long dropped = pnd_rx_dropped;

	pnd_rx_dropped = 0;
	return copy_to_user(data, &dropped, sizeof(dropped)) ? -EFAULT : 0;
}

static int pnd_open(struct net_device *dev)
{
	return request_irq(dev->irq, pnd_interrupt, IRQF_SHARED, dev->name, dev);
}

static const struct net_device_ops pnd_netdev_ops = {
	.ndo_open		= pnd_open,
	.ndo_siocdevprivate	= pnd_siocdevprivate,
#ifdef CONFIG_NET_POLL_CONTROLLER
	.ndo_poll_controller	= pnd_poll_controller,
#endif
};
