// SPDX-License-Identifier: GPL-2.0
/*
 * ethtool statistics: the function waits at most a second for the MIB
 * worker and reports what it has after a timeout anyway. It returns void,
 * so there is nobody to pass -ERESTARTSYS to, and a signal only ends the
 * wait as the timeout would.
 */
#include <linux/netdevice.h>
#include <linux/ethtool.h>
#include <linux/wait.h>

struct vto_priv {
	wait_queue_head_t mib_wq;
	int mib_state;
	u64 counters[8];
	struct work_struct mib_work;
};

static void vto_get_ethtool_stats(struct net_device *dev, struct ethtool_stats *stats, u64 *data)
{
	struct vto_priv *priv = netdev_priv(dev);
	int i;

	priv->mib_state = 1;
	schedule_work(&priv->mib_work);
	wait_event_interruptible_timeout(priv->mib_wq, priv->mib_state == 2, HZ);
	for (i = 0; i < 8; i++)
		data[i] = priv->counters[i];
}

const struct ethtool_ops vto_ethtool_ops = {
	.get_ethtool_stats = vto_get_ethtool_stats,
};
