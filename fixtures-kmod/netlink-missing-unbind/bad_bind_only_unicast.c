// SPDX-License-Identifier: GPL-2.0
/*
 * vpd_nl: a .bind callback is present (it only logs subscriptions), but
 * there is no .unbind, and the peer port recorded from the input callback
 * is written to from a kthread until the module is unloaded.
 */
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <net/sock.h>
#include <net/netlink.h>

#define NETLINK_VPD	23

static struct sock *vpd_sk;
static u32 vpd_peer_port;
static struct task_struct *vpd_task;

static int vpd_bind(struct net *net, int group)
{
	pr_debug("vpd_nl: group %d subscribed\n", group);
	return 0;
}

static void vpd_input(struct sk_buff *skb)
{
	vpd_peer_port = NETLINK_CB(skb).portid;
}

static int vpd_poller(void *arg)
{
	struct sk_buff *skb;

	while (!kthread_should_stop()) {
		ssleep(5);
		if (!vpd_peer_port)
			continue;
		skb = nlmsg_new(0, GFP_KERNEL);
		if (!skb)
			continue;
		if (!nlmsg_put(skb, 0, 0, NLMSG_NOOP, 0, 0)) {
			nlmsg_free(skb);
			continue;
		}
		netlink_unicast(vpd_sk, skb, vpd_peer_port, MSG_DONTWAIT);
	}
	return 0;
}

static int __init vpd_nl_init(void)
{
	struct netlink_kernel_cfg cfg = {
		.groups	= 1,
		.input	= vpd_input,
		.bind	= vpd_bind,
	};

	vpd_sk = netlink_kernel_create(&init_net, NETLINK_VPD, &cfg); /* expect: netlink-missing-unbind */
	if (!vpd_sk)
		return -ENOMEM;
	vpd_task = kthread_run(vpd_poller, NULL, "vpd_nl");
	if (IS_ERR(vpd_task)) {
		netlink_kernel_release(vpd_sk);
		return PTR_ERR(vpd_task);
	}
	return 0;
}

static void __exit vpd_nl_exit(void)
{
	kthread_stop(vpd_task);
	netlink_kernel_release(vpd_sk);
}

module_init(vpd_nl_init);
module_exit(vpd_nl_exit);
MODULE_LICENSE("GPL");
