// SPDX-License-Identifier: GPL-2.0
/*
 * Query service that keeps the last client's port for its statistics
 * (printed at unload), but only ever sends from the input callback, to
 * the sender of the request being answered.
 */
#include <linux/module.h>
#include <net/sock.h>
#include <net/netlink.h>

#define NETLINK_QSVC 12

static struct sock *qsvc_sk;
static u32 qsvc_last_client;
static unsigned long qsvc_requests;

static void qsvc_input(struct sk_buff *skb)
{
	struct nlmsghdr *req = nlmsg_hdr(skb);
	struct sk_buff *rep;

	qsvc_last_client = NETLINK_CB(skb).portid;
	qsvc_requests++;

	rep = nlmsg_new(0, GFP_KERNEL);
	if (!rep)
		return;
	if (!nlmsg_put(rep, 0, req->nlmsg_seq, NLMSG_DONE, 0, 0)) {
		nlmsg_free(rep);
		return;
	}
	netlink_unicast(qsvc_sk, rep, NETLINK_CB(skb).portid, MSG_DONTWAIT);
}

static int __init qsvc_init(void)
{
	struct netlink_kernel_cfg cfg = {
		.input = qsvc_input,
	};

	qsvc_sk = netlink_kernel_create(&init_net, NETLINK_QSVC, &cfg);
	if (!qsvc_sk)
		return -ENOMEM;
	return 0;
}

static void __exit qsvc_exit(void)
{
	pr_info("qsvc: %lu requests, last from port %u\n",
		qsvc_requests, qsvc_last_client);
	netlink_kernel_release(qsvc_sk);
}

module_init(qsvc_init);
module_exit(qsvc_exit);
MODULE_LICENSE("GPL");
