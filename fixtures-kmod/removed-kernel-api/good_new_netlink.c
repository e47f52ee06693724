// SPDX-License-Identifier: GPL-2.0
/*
 * The same echo service on a current kernel.
 */
#include <linux/module.h>
#include <linux/netlink.h>
#include <net/sock.h>
#include <net/netlink.h>

#define NETLINK_ECHO_NEW 28

static struct sock *gnn_sock;

static void gnn_recv(struct sk_buff *skb)
{
	struct nlmsghdr *nlh = nlmsg_hdr(skb);
	struct sk_buff *reply;
	struct nlmsghdr *out;

	reply = nlmsg_new(nlmsg_len(nlh), GFP_KERNEL);
	if (!reply)
		return;
	out = nlmsg_put(reply, 0, nlh->nlmsg_seq, NLMSG_DONE, nlmsg_len(nlh), 0);
	if (!out) {
		kfree_skb(reply);
		return;
	}
	memcpy(nlmsg_data(out), nlmsg_data(nlh), nlmsg_len(nlh));
	nlmsg_unicast(gnn_sock, reply, NETLINK_CB(skb).portid);
}

static int __init gnn_init(void)
{
	struct netlink_kernel_cfg cfg = {
		.input = gnn_recv,
	};

	gnn_sock = netlink_kernel_create(&init_net, NETLINK_ECHO_NEW, &cfg);
	return gnn_sock ? 0 : -ENOMEM;
}

static void __exit gnn_exit(void)
{
	netlink_kernel_release(gnn_sock);
}

module_init(gnn_init);
module_exit(gnn_exit);
MODULE_LICENSE("GPL");
