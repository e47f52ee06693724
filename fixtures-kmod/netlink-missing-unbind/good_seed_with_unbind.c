// SPDX-License-Identifier: GPL-2.0
/*
 * The answer to "how does the kernel know the listener is gone": the
 * daemon joins group 1 when it registers, and the .unbind callback that
 * netlink_release() runs on close forgets the remembered port.
 */
#include <linux/module.h>
#include <linux/timer.h>
#include <net/sock.h>
#include <net/netlink.h>

#define NETLINK_BATTMON		28
#define BATTMON_MSG_LEVEL	0x12

static struct sock *battmon_sk;
static u32 battmon_daemon;
static struct timer_list battmon_timer;

static void battmon_unbind(struct net *net, int group)
{
	battmon_daemon = 0;
}

static void battmon_tick(struct timer_list *t)
{
	struct sk_buff *skb;

	if (battmon_daemon) {
		skb = nlmsg_new(0, GFP_ATOMIC);
		if (skb && nlmsg_put(skb, 0, 0, BATTMON_MSG_LEVEL, 0, 0))
			nlmsg_unicast(battmon_sk, skb, battmon_daemon);
		else if (skb)
			nlmsg_free(skb);
	}
	mod_timer(&battmon_timer, jiffies + HZ);
}

static void battmon_input(struct sk_buff *skb)
{
	battmon_daemon = NETLINK_CB(skb).portid;
}

static int __init battmon_init(void)
{
	struct netlink_kernel_cfg cfg = {
		.groups	= 1,
		.input	= battmon_input,
		.unbind	= battmon_unbind,
	};

	battmon_sk = netlink_kernel_create(&init_net, NETLINK_BATTMON, &cfg);
	if (!battmon_sk)
		return -ENOMEM;
	timer_setup(&battmon_timer, battmon_tick, 0);
	mod_timer(&battmon_timer, jiffies + HZ);
	return 0;
}

static void __exit battmon_exit(void)
{
	del_timer_sync(&battmon_timer);
	netlink_kernel_release(battmon_sk);
}

module_init(battmon_init);
module_exit(battmon_exit);
MODULE_LICENSE("GPL");
