/*
 * gpsnl - out-of-tree GPS fix forwarder, builds from 3.2 to current.
 * gpsd registers once, fixes are pushed from a work item.
 */
#include <linux/version.h>
#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/netlink.h>
#include <net/sock.h>
#include <net/netlink.h>

#define NETLINK_GPSNL 27

static struct sock *gpsnl_sk;
static u32 gpsnl_gpsd_port;
static struct delayed_work gpsnl_push;
static char gpsnl_fix[32] = "NOFIX";

static void gpsnl_rcv(struct sk_buff *skb)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(3,7,0)
	gpsnl_gpsd_port = NETLINK_CB(skb).pid;
#else
	gpsnl_gpsd_port = NETLINK_CB(skb).portid;
#endif
	schedule_delayed_work(&gpsnl_push, HZ);
}

static void gpsnl_push_fn(struct work_struct *w)
{
	struct sk_buff *skb;
	struct nlmsghdr *nlh;

	skb = nlmsg_new(sizeof(gpsnl_fix), GFP_KERNEL);
	if (skb) {
		nlh = nlmsg_put(skb, 0, 0, NLMSG_DONE, sizeof(gpsnl_fix), 0);
		if (nlh) {
			memcpy(nlmsg_data(nlh), gpsnl_fix, sizeof(gpsnl_fix));
			netlink_unicast(gpsnl_sk, skb, gpsnl_gpsd_port, MSG_DONTWAIT);
		} else
			kfree_skb(skb);
	}
	schedule_delayed_work(&gpsnl_push, HZ);
}

static int __init gpsnl_init(void)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(3,6,0)
	struct netlink_kernel_cfg cfg = {
		.input	= gpsnl_rcv,
	};
#endif

	INIT_DELAYED_WORK(&gpsnl_push, gpsnl_push_fn);
#if LINUX_VERSION_CODE < KERNEL_VERSION(3,6,0)
	gpsnl_sk = netlink_kernel_create(&init_net, NETLINK_GPSNL, 0, gpsnl_rcv, NULL, THIS_MODULE); /* before 3.6: not compiled for the target */
#else
	gpsnl_sk = netlink_kernel_create(&init_net, NETLINK_GPSNL, &cfg); /* expect: netlink-missing-unbind */
#endif
	if (!gpsnl_sk)
		return -ENOMEM;
	return 0;
}

static void __exit gpsnl_exit(void)
{
	cancel_delayed_work_sync(&gpsnl_push);
	netlink_kernel_release(gpsnl_sk);
}
module_init(gpsnl_init);
module_exit(gpsnl_exit);
MODULE_LICENSE("GPL");
