// SPDX-License-Identifier: GPL-2.0
/*
 * Fan-speed alarms broadcast on a private netlink unit.  Nobody may be
 * listening and the driver builds the message anyway: a few bytes per
 * rare alarm.  The multicast note is opt-in, so a default run is silent.
 */
#include <linux/module.h>
#include <linux/timer.h>
#include <net/sock.h>
#include <net/netlink.h>

#define NETLINK_FANMON		27
#define FANMON_GRP_ALARM	1

static struct sock *fanmon_sock;
static struct timer_list fanmon_poll;

static void fanmon_poll_fn(struct timer_list *t)
{
	struct sk_buff *skb = nlmsg_new(sizeof(u32), GFP_ATOMIC);
	struct nlmsghdr *hdr;

	if (!skb)
		goto rearm;
	hdr = nlmsg_put(skb, 0, 0, NLMSG_DONE, sizeof(u32), 0);
	if (!hdr) {
		kfree_skb(skb);
		goto rearm;
	}
	*(u32 *)nlmsg_data(hdr) = 1200;
	nlmsg_multicast(fanmon_sock, skb, 0, FANMON_GRP_ALARM, GFP_ATOMIC);
rearm:
	mod_timer(&fanmon_poll, jiffies + HZ);
}

static int __init fanmon_init(void)
{
	struct netlink_kernel_cfg cfg = {
		.groups = FANMON_GRP_ALARM,
	};

	fanmon_sock = netlink_kernel_create(&init_net, NETLINK_FANMON, &cfg);
	if (!fanmon_sock)
		return -ENOMEM;
	timer_setup(&fanmon_poll, fanmon_poll_fn, 0);
	mod_timer(&fanmon_poll, jiffies + HZ);
	return 0;
}

static void __exit fanmon_exit(void)
{
	del_timer_sync(&fanmon_poll);
	netlink_kernel_release(fanmon_sock);
}

module_init(fanmon_init);
module_exit(fanmon_exit);
MODULE_LICENSE("GPL");
