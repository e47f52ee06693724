// SPDX-License-Identifier: GPL-2.0
/*
 * Firmware log forwarder: a collector tool subscribes by sending
 * FWLOG_CMD_ATTACH, after which log chunks are flushed to it from a
 * delayed work item every 100 ms.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/sock.h>
#include <net/netlink.h>

#define NETLINK_FWLOG		26
#define FWLOG_CMD_ATTACH	1
#define FWLOG_MSG_CHUNK		2

struct fwlog_nl_state {
	struct sock *sk;
	u32 collector_port;
	struct delayed_work flush;
	unsigned int seq;
};

static struct fwlog_nl_state *fwlog;

static void fwlog_flush(struct work_struct *work)
{
	struct fwlog_nl_state *st = container_of(to_delayed_work(work),
						 struct fwlog_nl_state, flush);
	struct sk_buff *msg;

	msg = nlmsg_new(64, GFP_KERNEL);
	if (msg) {
		if (nlmsg_put(msg, 0, st->seq++, FWLOG_MSG_CHUNK, 64, 0))
			nlmsg_unicast(st->sk, msg, st->collector_port);
		else
			nlmsg_free(msg);
	}
	schedule_delayed_work(&st->flush, msecs_to_jiffies(100));
}

static void fwlog_input(struct sk_buff *skb)
{
	struct nlmsghdr *nlh = nlmsg_hdr(skb);

	if (nlh->nlmsg_type != FWLOG_CMD_ATTACH)
		return;
	fwlog->collector_port = NETLINK_CB(skb).portid;
	mod_delayed_work(system_wq, &fwlog->flush, 0);
}

static int __init fwlog_nl_init(void)
{
	struct netlink_kernel_cfg cfg = {};

	fwlog = kzalloc(sizeof(*fwlog), GFP_KERNEL);
	if (!fwlog)
		return -ENOMEM;
	INIT_DELAYED_WORK(&fwlog->flush, fwlog_flush);

	cfg.input = fwlog_input;
	cfg.flags = NL_CFG_F_NONROOT_SEND;

	fwlog->sk = netlink_kernel_create(&init_net, NETLINK_FWLOG, &cfg); /* expect: netlink-missing-unbind */
	if (!fwlog->sk) {
		kfree(fwlog);
		return -ENODEV;
	}
	return 0;
}

static void __exit fwlog_nl_exit(void)
{
	cancel_delayed_work_sync(&fwlog->flush);
	netlink_kernel_release(fwlog->sk);
	kfree(fwlog);
}

module_init(fwlog_nl_init);
module_exit(fwlog_nl_exit);
MODULE_LICENSE("GPL");
