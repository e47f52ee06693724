/*
 * statpush - out-of-tree.  cfg is filled field by field (old habit),
 * including .unbind, so the pusher thread stops when the tool exits.
 */
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/string.h>
#include <net/sock.h>
#include <net/netlink.h>

#define NETLINK_STATPUSH 13

static struct sock *statpush_sk;
static u32 statpush_peer;
static struct task_struct *statpush_task;

static void statpush_unbind(struct net *net, int group)
{
	WRITE_ONCE(statpush_peer, 0);
}

static void statpush_rcv(struct sk_buff *skb)
{
	WRITE_ONCE(statpush_peer, NETLINK_CB(skb).portid);
}

static int statpush_fn(void *arg)
{
	struct sk_buff *skb;
	u32 peer;

	while (!kthread_should_stop()) {
		msleep_interruptible(1000);
		peer = READ_ONCE(statpush_peer);
		if (!peer)
			continue;
		skb = nlmsg_new(0, GFP_KERNEL);
		if (!skb)
			continue;
		if (nlmsg_put(skb, 0, 0, NLMSG_NOOP, 0, 0))
			netlink_unicast(statpush_sk, skb, peer, MSG_DONTWAIT);
		else
			kfree_skb(skb);
	}
	return 0;
}

static int __init statpush_init(void)
{
	struct netlink_kernel_cfg cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.groups = 1;
	cfg.input  = statpush_rcv;
	cfg.unbind = statpush_unbind;

	statpush_sk = netlink_kernel_create(&init_net, NETLINK_STATPUSH, &cfg);
	if (!statpush_sk)
		return -ENOMEM;
	statpush_task = kthread_run(statpush_fn, NULL, "statpush");
	if (IS_ERR(statpush_task)) {
		netlink_kernel_release(statpush_sk);
		return PTR_ERR(statpush_task);
	}
	return 0;
}

static void __exit statpush_exit(void)
{
	kthread_stop(statpush_task);
	netlink_kernel_release(statpush_sk);
}

module_init(statpush_init);
module_exit(statpush_exit);
MODULE_LICENSE("GPL");
