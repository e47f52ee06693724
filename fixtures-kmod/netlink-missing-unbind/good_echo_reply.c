// SPDX-License-Identifier: GPL-2.0
/*
 * Pure request/reply: each request is answered at once, to the port
 * that sent it, from the input callback.  Nothing is remembered, so
 * there is nothing to forget when the peer goes away.
 */
#include <linux/module.h>
#include <net/sock.h>
#include <net/netlink.h>

#define NETLINK_ECHOSRV 18

static struct sock *echosrv_sk;

static void echosrv_input(struct sk_buff *skb)
{
	struct nlmsghdr *req = nlmsg_hdr(skb);
	struct nlmsghdr *rep;
	struct sk_buff *out;
	int len;

	if (skb->len < NLMSG_HDRLEN || req->nlmsg_len > skb->len)
		return;
	len = nlmsg_len(req);
	out = nlmsg_new(len, GFP_KERNEL);
	if (!out)
		return;
	rep = nlmsg_put(out, 0, req->nlmsg_seq, req->nlmsg_type, len, 0);
	if (!rep) {
		nlmsg_free(out);
		return;
	}
	memcpy(nlmsg_data(rep), nlmsg_data(req), len);
	if (nlmsg_unicast(echosrv_sk, out, NETLINK_CB(skb).portid))
		pr_debug("echosrv: peer vanished before the reply\n");
}

static int __init echosrv_init(void)
{
	struct netlink_kernel_cfg cfg = {
		.input = echosrv_input,
	};

	echosrv_sk = netlink_kernel_create(&init_net, NETLINK_ECHOSRV, &cfg);
	return echosrv_sk ? 0 : -ENOMEM;
}

static void __exit echosrv_exit(void)
{
	netlink_kernel_release(echosrv_sk);
}

module_init(echosrv_init);
module_exit(echosrv_exit);
MODULE_LICENSE("GPL");
