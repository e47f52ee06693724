// SPDX-License-Identifier: GPL-2.0
/*
 * A netlink echo service written for 2.6.3x: six-argument
 * netlink_kernel_create() and the sender's port in NETLINK_CB(skb).pid.
 */
#include <linux/module.h>
#include <linux/netlink.h>
#include <net/sock.h>
#include <net/netlink.h>

#define NETLINK_ECHO_DEMO 29

static struct sock *ned_sock;

static void ned_recv(struct sk_buff *skb)
{
	struct nlmsghdr *nlh = nlmsg_hdr(skb);
	u32 sender = NETLINK_CB(skb).pid; /* expect: removed-kernel-api */
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
	netlink_unicast(ned_sock, reply, sender, MSG_DONTWAIT);
}

static int __init ned_init(void)
{
	ned_sock = netlink_kernel_create(&init_net, NETLINK_ECHO_DEMO, 0, ned_recv, NULL, THIS_MODULE); /* expect: removed-kernel-api */
	return ned_sock ? 0 : -ENOMEM;
}

static void __exit ned_exit(void)
{
	netlink_kernel_release(ned_sock);
}

module_init(ned_init);
module_exit(ned_exit);
MODULE_LICENSE("GPL");
