// SPDX-License-Identifier: GPL-2.0
/* evd: heartbeat pushed to the registered daemon every few seconds. */
#include <linux/workqueue.h>
#include <net/sock.h>
#include <net/netlink.h>
#include "evd.h"

static struct delayed_work evd_heartbeat;

static void evd_heartbeat_fn(struct work_struct *work)
{
	struct sk_buff *skb;

	if (evd_daemon_portid) {
		skb = nlmsg_new(0, GFP_KERNEL);
		if (skb && nlmsg_put(skb, 0, 0, EVD_MSG_HEARTBEAT, 0, 0))
			nlmsg_unicast(evd_sock, skb, evd_daemon_portid);
		else if (skb)
			nlmsg_free(skb);
	}
	schedule_delayed_work(&evd_heartbeat, 3 * HZ);
}

int evd_events_start(void)
{
	INIT_DELAYED_WORK(&evd_heartbeat, evd_heartbeat_fn);
	schedule_delayed_work(&evd_heartbeat, 3 * HZ);
	return 0;
}

void evd_events_stop(void)
{
	cancel_delayed_work_sync(&evd_heartbeat);
}
