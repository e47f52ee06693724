/*
 * nlping.c -- old style (2.6.2x) netlink ping module.
 * replies "pong" to whoever sent the message, right away.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/netlink.h>
#include <net/sock.h>

#define NETLINK_NLPING 16

static struct sock *nlping_sk = NULL;

static void nlping_recv(struct sk_buff *skb)
{
	struct nlmsghdr *nlh;
	struct sk_buff *out;
	int  pid;

	nlh = (struct nlmsghdr*)skb->data;
	pid = NETLINK_CB(skb).pid;      /* sender of this very message */ /* expect: removed-kernel-api */

	out = nlmsg_new(8, GFP_KERNEL);
	if(!out) {
		printk(KERN_ERR "nlping: no mem\n");
		return;
	}
	nlh = nlmsg_put(out, 0, 0, NLMSG_DONE, 8, 0);
	if (!nlh) { kfree_skb(out); return; }
	strcpy(NLMSG_DATA(nlh), "pong");
	if (netlink_unicast(nlping_sk, out, pid, MSG_DONTWAIT) < 0)
		printk(KERN_INFO "nlping: reply lost\n");
}

static int __init nlping_init(void)
{
	nlping_sk = netlink_kernel_create(&init_net, NETLINK_NLPING, 0, nlping_recv, NULL, THIS_MODULE); /* expect: removed-kernel-api */
	if(!nlping_sk) {
		printk(KERN_ALERT "nlping: netlink_kernel_create failed\n");
		return -ENOMEM;
	}
	return 0;
}

static void __exit nlping_exit(void)
{
	netlink_kernel_release(nlping_sk);
}

module_init(nlping_init);
module_exit(nlping_exit);
MODULE_LICENSE("GPL");
