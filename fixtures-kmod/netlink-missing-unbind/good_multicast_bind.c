// SPDX-License-Identifier: GPL-2.0
/*
 * Audit-like trail: a .bind callback counts subscribers and lets the
 * producer know somebody is interested; events are multicast from a
 * work item.
 */
#include <linux/module.h>
#include <linux/workqueue.h>
#include <net/sock.h>
#include <net/netlink.h>

#define NETLINK_TRAIL		14
#define TRAIL_GRP		1
#define TRAIL_MSG_RECORD	0x70

static struct sock *trail_sk;
static struct work_struct trail_work;
static atomic_t trail_subscribers = ATOMIC_INIT(0);

static int trail_bind(struct net *net, int group)
{
	if (group != TRAIL_GRP)
		return -EINVAL;
	atomic_inc(&trail_subscribers);
	return 0;
}

static void trail_work_fn(struct work_struct *w)
{
	struct sk_buff *skb;

	if (!atomic_read(&trail_subscribers))
		return;
	skb = nlmsg_new(0, GFP_KERNEL);
	if (!skb)
		return;
	if (!nlmsg_put(skb, 0, 0, TRAIL_MSG_RECORD, 0, 0)) {
		nlmsg_free(skb);
		return;
	}
	nlmsg_multicast(trail_sk, skb, 0, TRAIL_GRP, GFP_KERNEL);
}

static int __init trail_init(void)
{
	struct netlink_kernel_cfg cfg = {
		.groups	= TRAIL_GRP,
		.bind	= trail_bind,
	};

	INIT_WORK(&trail_work, trail_work_fn);
	trail_sk = netlink_kernel_create(&init_net, NETLINK_TRAIL, &cfg);
	if (!trail_sk)
		return -ENOMEM;
	schedule_work(&trail_work);
	return 0;
}

static void __exit trail_exit(void)
{
	cancel_work_sync(&trail_work);
	netlink_kernel_release(trail_sk);
}

module_init(trail_init);
module_exit(trail_exit);
MODULE_LICENSE("GPL");
