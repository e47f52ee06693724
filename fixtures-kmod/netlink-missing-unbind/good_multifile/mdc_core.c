// SPDX-License-Identifier: GPL-2.0
/* mdc: socket set-up; the unbind callback lives in mdc_report.c */
#include <linux/module.h>
#include <net/sock.h>
#include <net/netlink.h>
#include "mdc.h"

struct sock *mdc_sock;

static void mdc_input(struct sk_buff *skb)
{
	WRITE_ONCE(mdc_listener, NETLINK_CB(skb).portid);
}

static int __init mdc_init(void)
{
	struct netlink_kernel_cfg cfg = {
		.groups	= 1,
		.input	= mdc_input,
		.unbind	= mdc_listener_gone,
	};

	mdc_sock = netlink_kernel_create(&init_net, NETLINK_MDC, &cfg);
	if (!mdc_sock)
		return -ENOMEM;
	mdc_start_reports();
	return 0;
}

static void __exit mdc_exit(void)
{
	mdc_stop_reports();
	netlink_kernel_release(mdc_sock);
}

module_init(mdc_init);
module_exit(mdc_exit);
MODULE_LICENSE("GPL");
