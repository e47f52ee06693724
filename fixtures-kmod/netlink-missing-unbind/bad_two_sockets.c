// SPDX-License-Identifier: GPL-2.0
/*
 * Two units in one module.  The control unit only answers requests (fine);
 * the event unit remembers a subscriber and pushes to it from a timer
 * without an .unbind, so only the event socket is reported.
 */
#include <linux/module.h>
#include <linux/timer.h>
#include <net/sock.h>
#include <net/netlink.h>

#define NETLINK_DUO_CTL		20
#define NETLINK_DUO_EVT		21

static struct sock *duo_ctl_sk, *duo_evt_sk;
static u32 duo_subscriber;
static struct timer_list duo_evt_timer;

static void duo_ctl_input(struct sk_buff *skb)
{
	struct sk_buff *ack = nlmsg_new(0, GFP_KERNEL);

	if (!ack)
		return;
	if (!nlmsg_put(ack, 0, nlmsg_hdr(skb)->nlmsg_seq, NLMSG_DONE, 0, 0)) {
		nlmsg_free(ack);
		return;
	}
	nlmsg_unicast(duo_ctl_sk, ack, NETLINK_CB(skb).portid);
}

static void duo_evt_input(struct sk_buff *skb)
{
	duo_subscriber = NETLINK_CB(skb).portid;
	mod_timer(&duo_evt_timer, jiffies + HZ / 2);
}

static void duo_evt_tick(struct timer_list *t)
{
	struct sk_buff *skb = nlmsg_new(0, GFP_ATOMIC);

	if (skb && nlmsg_put(skb, 0, 0, NLMSG_NOOP, 0, 0))
		nlmsg_unicast(duo_evt_sk, skb, duo_subscriber);
	else if (skb)
		nlmsg_free(skb);
	mod_timer(&duo_evt_timer, jiffies + HZ / 2);
}

static int __init duo_init(void)
{
	struct netlink_kernel_cfg ctl_cfg = { .input = duo_ctl_input };
	struct netlink_kernel_cfg evt_cfg = { .input = duo_evt_input };

	timer_setup(&duo_evt_timer, duo_evt_tick, 0);
	duo_ctl_sk = netlink_kernel_create(&init_net, NETLINK_DUO_CTL, &ctl_cfg);
	if (!duo_ctl_sk)
		return -ENOMEM;
	duo_evt_sk = netlink_kernel_create(&init_net, NETLINK_DUO_EVT, &evt_cfg); /* expect: netlink-missing-unbind */
	if (!duo_evt_sk) {
		netlink_kernel_release(duo_ctl_sk);
		return -ENOMEM;
	}
	return 0;
}

static void __exit duo_exit(void)
{
	del_timer_sync(&duo_evt_timer);
	netlink_kernel_release(duo_evt_sk);
	netlink_kernel_release(duo_ctl_sk);
}

module_init(duo_init);
module_exit(duo_exit);
MODULE_LICENSE("GPL");
