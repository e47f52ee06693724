// SPDX-License-Identifier: GPL-2.0
/* evd: socket set-up and the registration request from the daemon. */
#include <linux/module.h>
#include <net/sock.h>
#include <net/netlink.h>
#include "evd.h"

struct sock *evd_sock;
u32 evd_daemon_portid;

static void evd_input(struct sk_buff *skb)
{
	struct nlmsghdr *nlh = nlmsg_hdr(skb);

	if (nlh->nlmsg_len < NLMSG_HDRLEN)
		return;
	evd_daemon_portid = NETLINK_CB(skb).portid;
}

static int __init evd_init(void)
{
	struct netlink_kernel_cfg cfg = {
		.input = evd_input,
	};
	int err;

	evd_sock = netlink_kernel_create(&init_net, NETLINK_EVD, &cfg); /* expect: netlink-missing-unbind */
	if (!evd_sock)
		return -ENOMEM;
	err = evd_events_start();
	if (err)
		netlink_kernel_release(evd_sock);
	return err;
}

static void __exit evd_exit(void)
{
	evd_events_stop();
	netlink_kernel_release(evd_sock);
}

module_init(evd_init);
module_exit(evd_exit);
MODULE_LICENSE("GPL");
