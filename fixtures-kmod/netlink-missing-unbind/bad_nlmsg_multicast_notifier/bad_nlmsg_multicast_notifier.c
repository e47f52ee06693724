// SPDX-License-Identifier: GPL-2.0
/*
 * lnkmon: tells a monitoring group about carrier changes.  Multicast
 * from a netdevice notifier, no listener check, no bind/unbind.
 */
#include <linux/module.h>
#include <linux/netdevice.h>
#include <net/sock.h>
#include <net/netlink.h>

#define NETLINK_LNKMON		24
#define LNKMON_GRP		1
#define LNKMON_MSG_CARRIER	0x31

static struct sock *lnkmon_sk;

static int lnkmon_netdev_event(struct notifier_block *nb,
			       unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct sk_buff *skb;
	struct nlmsghdr *nlh;

	if (event != NETDEV_CHANGE)
		return NOTIFY_DONE;

	skb = nlmsg_new(IFNAMSIZ, GFP_KERNEL);
	if (!skb)
		return NOTIFY_DONE;
	nlh = nlmsg_put(skb, 0, 0, LNKMON_MSG_CARRIER, IFNAMSIZ, 0);
	if (!nlh) {
		nlmsg_free(skb);
		return NOTIFY_DONE;
	}
	strscpy(nlmsg_data(nlh), dev->name, IFNAMSIZ);
	nlmsg_multicast(lnkmon_sk, skb, 0, LNKMON_GRP, GFP_KERNEL);
	return NOTIFY_OK;
}

static struct notifier_block lnkmon_nb = {
	.notifier_call = lnkmon_netdev_event,
};

static int __init lnkmon_init(void)
{
	struct netlink_kernel_cfg cfg = {
		.groups = LNKMON_GRP,
		.flags	= NL_CFG_F_NONROOT_RECV,
	};
	int err;

	lnkmon_sk = netlink_kernel_create(&init_net, NETLINK_LNKMON, &cfg); /* expect: netlink-missing-unbind */
	if (!lnkmon_sk)
		return -ENOMEM;
	err = register_netdevice_notifier(&lnkmon_nb);
	if (err)
		netlink_kernel_release(lnkmon_sk);
	return err;
}

static void __exit lnkmon_exit(void)
{
	unregister_netdevice_notifier(&lnkmon_nb);
	netlink_kernel_release(lnkmon_sk);
}

module_init(lnkmon_init);
module_exit(lnkmon_exit);
MODULE_LICENSE("GPL");
