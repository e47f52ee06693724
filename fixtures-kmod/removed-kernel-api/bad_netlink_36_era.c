// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 3.6 only: the cfg struct already, but still the module argument
 * (gone in 3.7) and .pid (renamed portid in 3.7).
 */
#include <linux/module.h>
#include <linux/netlink.h>
#include <net/sock.h>
#include <net/netlink.h>

#define NETLINK_CFG_DEMO 30

static struct sock *n36_sock;

static void n36_recv(struct sk_buff *skb)
{
	struct nlmsghdr *nlh = nlmsg_hdr(skb);

	pr_debug("n36: %u bytes from %u\n", nlmsg_len(nlh),
		 NETLINK_CB(skb).pid); /* expect: removed-kernel-api */
}

static int __init n36_init(void)
{
	struct netlink_kernel_cfg cfg = {
		.input = n36_recv,
	};

	n36_sock = netlink_kernel_create(&init_net, NETLINK_CFG_DEMO, THIS_MODULE, &cfg); /* expect: removed-kernel-api */
	return n36_sock ? 0 : -ENOMEM;
}

static void __exit n36_exit(void)
{
	netlink_kernel_release(n36_sock);
}

module_init(n36_init);
module_exit(n36_exit);
MODULE_LICENSE("GPL");
