// SPDX-License-Identifier: GPL-2.0
/*
 * Fan speed samples multicast from a timer, but only while somebody is
 * subscribed to the group: netlink_has_listeners() is checked first.
 */
#include <linux/module.h>
#include <linux/timer.h>
#include <net/sock.h>
#include <net/netlink.h>

#define NETLINK_FANSPD		15
#define FANSPD_GRP		1
#define FANSPD_MSG_RPM		0x60

static struct sock *fanspd_sk;
static struct timer_list fanspd_timer;
static u32 fanspd_rpm = 1800;

static void fanspd_sample(struct timer_list *t)
{
	struct sk_buff *skb;
	struct nlmsghdr *nlh;

	mod_timer(&fanspd_timer, jiffies + HZ);
	if (!netlink_has_listeners(fanspd_sk, FANSPD_GRP))
		return;

	skb = nlmsg_new(sizeof(fanspd_rpm), GFP_ATOMIC);
	if (!skb)
		return;
	nlh = nlmsg_put(skb, 0, 0, FANSPD_MSG_RPM, sizeof(fanspd_rpm), 0);
	if (!nlh) {
		nlmsg_free(skb);
		return;
	}
	memcpy(nlmsg_data(nlh), &fanspd_rpm, sizeof(fanspd_rpm));
	netlink_broadcast(fanspd_sk, skb, 0, FANSPD_GRP, GFP_ATOMIC);
}

static int __init fanspd_init(void)
{
	struct netlink_kernel_cfg cfg = {
		.groups = FANSPD_GRP,
	};

	fanspd_sk = netlink_kernel_create(&init_net, NETLINK_FANSPD, &cfg);
	if (!fanspd_sk)
		return -ENOMEM;
	timer_setup(&fanspd_timer, fanspd_sample, 0);
	mod_timer(&fanspd_timer, jiffies + HZ);
	return 0;
}

static void __exit fanspd_exit(void)
{
	del_timer_sync(&fanspd_timer);
	netlink_kernel_release(fanspd_sk);
}

module_init(fanspd_init);
module_exit(fanspd_exit);
MODULE_LICENSE("GPL");
