// SPDX-License-Identifier: GPL-2.0
/*
 * Thermal-trip notifier: a monitoring daemon registers with a
 * TRIPMON_CMD_HELLO message; the port is copied to a local, published with
 * WRITE_ONCE() and read back with READ_ONCE() by the IRQ thread that reports
 * each trip.  No .unbind: a dead daemon's port keeps being used.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <net/sock.h>
#include <net/netlink.h>

#define NETLINK_TRIPMON		27
#define TRIPMON_CMD_HELLO	1
#define TRIPMON_MSG_TRIP	2

struct tripmon {
	struct sock *nl;
	u32 daemon;
	int irq;
};

static struct tripmon tm;

static void tripmon_rx(struct sk_buff *skb)
{
	struct nlmsghdr *nlh = nlmsg_hdr(skb);
	u32 sender = NETLINK_CB(skb).portid;

	if (nlh->nlmsg_type == TRIPMON_CMD_HELLO)
		WRITE_ONCE(tm.daemon, sender);
}

static irqreturn_t tripmon_thread(int irq, void *data)
{
	struct tripmon *t = data;
	u32 to = READ_ONCE(t->daemon);
	struct sk_buff *msg;

	if (!to)
		return IRQ_HANDLED;
	msg = nlmsg_new(16, GFP_KERNEL);
	if (msg && nlmsg_put(msg, 0, 0, TRIPMON_MSG_TRIP, 16, 0))
		nlmsg_unicast(READ_ONCE(t->nl), msg, to);
	return IRQ_HANDLED;
}

static int __init tripmon_init(void)
{
	struct netlink_kernel_cfg cfg = {
		.input = tripmon_rx,
	};

	tm.nl = netlink_kernel_create(&init_net, NETLINK_TRIPMON, &cfg); /* expect: netlink-missing-unbind */
	if (!tm.nl)
		return -ENOMEM;
	return request_threaded_irq(tm.irq, NULL, tripmon_thread, IRQF_ONESHOT, "tripmon", &tm);
}
module_init(tripmon_init);
MODULE_LICENSE("GPL");
