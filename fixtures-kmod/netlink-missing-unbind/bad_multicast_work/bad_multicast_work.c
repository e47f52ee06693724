// SPDX-License-Identifier: GPL-2.0
/*
 * Door sensor events, multicast to group 1 of a private unit.  The
 * events are built and broadcast whether or not anybody listens, and no
 * bind/unbind callback tracks subscribers.
 */
#include <linux/module.h>
#include <linux/workqueue.h>
#include <net/sock.h>
#include <net/netlink.h>

#define NETLINK_DOORSENS	25
#define DOORSENS_GRP_EVENTS	1
#define DOORSENS_EVT_OPEN	0x20

static struct sock *doorsens_sk;
static struct work_struct doorsens_evt_work;
static atomic_t doorsens_state = ATOMIC_INIT(0);

static void doorsens_evt_fn(struct work_struct *w)
{
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
	int state = atomic_read(&doorsens_state);

	skb = nlmsg_new(sizeof(state), GFP_KERNEL);
	if (!skb)
		return;
	nlh = nlmsg_put(skb, 0, 0, DOORSENS_EVT_OPEN, sizeof(state), 0);
	if (!nlh) {
		nlmsg_free(skb);
		return;
	}
	memcpy(nlmsg_data(nlh), &state, sizeof(state));
	NETLINK_CB(skb).dst_group = DOORSENS_GRP_EVENTS;
	netlink_broadcast(doorsens_sk, skb, 0, DOORSENS_GRP_EVENTS, GFP_KERNEL);
}

void doorsens_report(int open)
{
	atomic_set(&doorsens_state, open);
	schedule_work(&doorsens_evt_work);
}
EXPORT_SYMBOL_GPL(doorsens_report);

static int __init doorsens_init(void)
{
	struct netlink_kernel_cfg cfg = {
		.groups	= DOORSENS_GRP_EVENTS,
	};

	INIT_WORK(&doorsens_evt_work, doorsens_evt_fn);
	doorsens_sk = netlink_kernel_create(&init_net, NETLINK_DOORSENS, &cfg); /* expect: netlink-missing-unbind */
	if (!doorsens_sk)
		return -ENOMEM;
	return 0;
}

static void __exit doorsens_exit(void)
{
	cancel_work_sync(&doorsens_evt_work);
	netlink_kernel_release(doorsens_sk);
}

module_init(doorsens_init);
module_exit(doorsens_exit);
MODULE_LICENSE("GPL");
