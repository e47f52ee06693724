/*
 * hello_nl.c - out-of-tree test module, 2.6.3x era.
 * A user program sends "hello", we answer every two seconds from a thread.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/netlink.h>
#include <net/sock.h>

#define NETLINK_HELLO 31
#define MAX_PAYLOAD   64

static struct sock *hello_sock = NULL;
static int hello_user_pid = 0;
static struct task_struct *hello_thread;

static void hello_nl_recv(struct sk_buff *skb)
{
	struct nlmsghdr *nlh;

	nlh = (struct nlmsghdr *)skb->data;
	printk(KERN_INFO "hello_nl: got '%s'\n", (char *)NLMSG_DATA(nlh));
	hello_user_pid = NETLINK_CB(skb).pid;   /* remember who to talk to */ /* expect: removed-kernel-api */
}

static int hello_sender(void *unused)
{
	struct sk_buff *out;
	struct nlmsghdr *nlh;
	while (!kthread_should_stop()) {
		msleep_interruptible(2000);
		if (!hello_user_pid)
			continue;
		out = nlmsg_new(MAX_PAYLOAD, GFP_KERNEL);
		if (!out)
			continue;
		nlh = nlmsg_put(out, 0, 0, NLMSG_DONE, MAX_PAYLOAD, 0);
		if (!nlh) { kfree_skb(out); continue; }
		strncpy(NLMSG_DATA(nlh), "tick", MAX_PAYLOAD);
		if (netlink_unicast(hello_sock, out, hello_user_pid, MSG_DONTWAIT) < 0)
			printk(KERN_INFO "hello_nl: send failed\n");
	}
	return 0;
}

static int __init hello_init(void)
{
	hello_sock = netlink_kernel_create(&init_net, NETLINK_HELLO, 0, hello_nl_recv, NULL, THIS_MODULE); /* expect: netlink-missing-unbind, removed-kernel-api */
	if (!hello_sock) {
		printk(KERN_ALERT "hello_nl: cannot create socket\n");
		return -10;
	}
	hello_thread = kthread_run(hello_sender, NULL, "hello_nl");
	if (IS_ERR(hello_thread)) {
		netlink_kernel_release(hello_sock);
		return PTR_ERR(hello_thread);
	}
	return 0;
}

static void __exit hello_exit(void)
{
	kthread_stop(hello_thread);
	netlink_kernel_release(hello_sock);
}

module_init(hello_init);
module_exit(hello_exit);
MODULE_LICENSE("GPL");
