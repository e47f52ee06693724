// SPDX-License-Identifier: GPL-2.0
/* mdc: periodic reports to the registered listener. */
#include <linux/workqueue.h>
#include <net/sock.h>
#include <net/netlink.h>
#include "mdc.h"

u32 mdc_listener;
static struct delayed_work mdc_report_work;

void mdc_listener_gone(struct net *net, int group)
{
	WRITE_ONCE(mdc_listener, 0);
}

static void mdc_report_fn(struct work_struct *work)
{
	u32 port = READ_ONCE(mdc_listener);
	struct sk_buff *skb;

	if (port) {
		skb = nlmsg_new(0, GFP_KERNEL);
		if (skb && nlmsg_put(skb, 0, 0, NLMSG_NOOP, 0, 0))
			nlmsg_unicast(mdc_sock, skb, port);
		else if (skb)
			nlmsg_free(skb);
	}
	schedule_delayed_work(&mdc_report_work, 2 * HZ);
}

void mdc_start_reports(void)
{
	INIT_DELAYED_WORK(&mdc_report_work, mdc_report_fn);
	schedule_delayed_work(&mdc_report_work, 2 * HZ);
}

void mdc_stop_reports(void)
{
	cancel_delayed_work_sync(&mdc_report_work);
}
