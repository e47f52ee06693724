// SPDX-License-Identifier: GPL-2.0
/*
 * tempmon_nl: pushes a temperature sample to a userspace daemon once a
 * second over a private netlink unit.  The daemon sends one hello; from then
 * on the module keeps sending to the port it remembered.  If the daemon is
 * killed nothing tells the module, which keeps on sending.
 */
#include <linux/module.h>
#include <linux/timer.h>
#include <linux/jiffies.h>
#include <net/sock.h>
#include <net/netlink.h>

#define NETLINK_TEMPMON		29
#define TEMPMON_MSG_SAMPLE	0x11

static struct sock *tempmon_sk;
static u32 tempmon_daemon;		/* 0: nobody said hello yet */
static struct timer_list tempmon_timer;
static int tempmon_reading = 4200;

static void tempmon_tick(struct timer_list *t)
{
	struct sk_buff *skb;
	struct nlmsghdr *nlh;

	if (tempmon_daemon) {
		skb = nlmsg_new(sizeof(int), GFP_ATOMIC);
		if (skb) {
			nlh = nlmsg_put(skb, 0, 0, TEMPMON_MSG_SAMPLE, sizeof(int), 0);
			if (nlh) {
				memcpy(nlmsg_data(nlh), &tempmon_reading, sizeof(int));
				nlmsg_unicast(tempmon_sk, skb, tempmon_daemon);
			} else {
				kfree_skb(skb);
			}
		}
	}
	mod_timer(&tempmon_timer, jiffies + HZ);
}

static void tempmon_input(struct sk_buff *skb)
{
	struct nlmsghdr *nlh = nlmsg_hdr(skb);

	if (skb->len < NLMSG_HDRLEN || nlh->nlmsg_len > skb->len)
		return;
	tempmon_daemon = NETLINK_CB(skb).portid;
	pr_info("tempmon: daemon registered on port %u\n", tempmon_daemon);
}

static int __init tempmon_init(void)
{
	struct netlink_kernel_cfg cfg = {
		.input = tempmon_input,
	};

	tempmon_sk = netlink_kernel_create(&init_net, NETLINK_TEMPMON, &cfg); /* expect: netlink-missing-unbind */
	if (!tempmon_sk)
		return -ENOMEM;

	timer_setup(&tempmon_timer, tempmon_tick, 0);
	mod_timer(&tempmon_timer, jiffies + HZ);
	return 0;
}

static void __exit tempmon_exit(void)
{
	del_timer_sync(&tempmon_timer);
	netlink_kernel_release(tempmon_sk);
}

module_init(tempmon_init);
module_exit(tempmon_exit);
MODULE_LICENSE("GPL");
