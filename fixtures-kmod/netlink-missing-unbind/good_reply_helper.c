// SPDX-License-Identifier: GPL-2.0
/*
 * Register peek/poke service.  The reply is built in a helper that is
 * only called from the input callback, with the requester's port passed
 * in as an argument.
 */
#include <linux/module.h>
#include <linux/io.h>
#include <net/sock.h>
#include <net/netlink.h>

#define NETLINK_REGSVC		17
#define REGSVC_CMD_PEEK		1

static struct sock *regsvc_sk;
static u32 regsvc_shadow[16];

static int regsvc_reply(u32 portid, u32 seq, u32 value)
{
	struct sk_buff *out = nlmsg_new(sizeof(value), GFP_KERNEL);
	struct nlmsghdr *nlh;

	if (!out)
		return -ENOMEM;
	nlh = nlmsg_put(out, portid, seq, REGSVC_CMD_PEEK, sizeof(value), 0);
	if (!nlh) {
		nlmsg_free(out);
		return -EMSGSIZE;
	}
	memcpy(nlmsg_data(nlh), &value, sizeof(value));
	return nlmsg_unicast(regsvc_sk, out, portid);
}

static void regsvc_input(struct sk_buff *skb)
{
	struct nlmsghdr *nlh = nlmsg_hdr(skb);
	u32 idx;

	if (nlh->nlmsg_type != REGSVC_CMD_PEEK || nlmsg_len(nlh) < sizeof(idx))
		return;
	memcpy(&idx, nlmsg_data(nlh), sizeof(idx));
	if (idx >= ARRAY_SIZE(regsvc_shadow))
		return;
	if (regsvc_reply(NETLINK_CB(skb).portid, nlh->nlmsg_seq, regsvc_shadow[idx]))
		pr_debug("regsvc: reply failed\n");
}

static int __init regsvc_init(void)
{
	struct netlink_kernel_cfg cfg = {
		.input = regsvc_input,
	};

	regsvc_sk = netlink_kernel_create(&init_net, NETLINK_REGSVC, &cfg);
	if (!regsvc_sk)
		return -ENOMEM;
	return 0;
}

static void __exit regsvc_exit(void)
{
	netlink_kernel_release(regsvc_sk);
}

module_init(regsvc_init);
module_exit(regsvc_exit);
MODULE_LICENSE("GPL");
