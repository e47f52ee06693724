// SPDX-License-Identifier: GPL-2.0
/*
 * A void close hook cannot return -ERESTARTSYS: on a signal it powers the
 * transmitter down in the middle of a frame. An uninterruptible wait is
 * what it means.
 */
#include <linux/wait.h>
#include <linux/netdevice.h>

struct vcl_priv {
	wait_queue_head_t tx_done_wq;
	bool tx_busy;
	void __iomem *regs;
};

static void vcl_power_down(struct vcl_priv *priv)
{
	writel(0, priv->regs);
}

static void vcl_close_hw(struct vcl_priv *priv)
{
	wait_event_interruptible(priv->tx_done_wq, !priv->tx_busy); /* expect: wait-event-result-ignored */
	vcl_power_down(priv);
}

int vcl_stop(struct net_device *ndev)
{
	vcl_close_hw(netdev_priv(ndev));
	return 0;
}
