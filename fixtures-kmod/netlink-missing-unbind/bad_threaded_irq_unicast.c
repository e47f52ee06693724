// SPDX-License-Identifier: GPL-2.0
/*
 * Button box: every press is reported from the threaded IRQ handler to
 * the one process that asked for it through netlink.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <net/sock.h>
#include <net/netlink.h>

#define NETLINK_BTNBOX		22
#define BTNBOX_MSG_PRESS	0x40

static int btnbox_irq = -1;
module_param(btnbox_irq, int, 0444);

static struct sock *btnbox_sk;
static u32 btnbox_client;

static irqreturn_t btnbox_thread_fn(int irq, void *data)
{
	struct sk_buff *skb;

	if (!btnbox_client)
		return IRQ_HANDLED;
	skb = nlmsg_new(0, GFP_KERNEL);
	if (!skb)
		return IRQ_HANDLED;
	if (!nlmsg_put(skb, 0, 0, BTNBOX_MSG_PRESS, 0, 0)) {
		nlmsg_free(skb);
		return IRQ_HANDLED;
	}
	nlmsg_unicast(btnbox_sk, skb, btnbox_client);
	return IRQ_HANDLED;
}

static void btnbox_input(struct sk_buff *skb)
{
	btnbox_client = NETLINK_CB(skb).portid;
}

static int __init btnbox_init(void)
{
	struct netlink_kernel_cfg cfg = {
		.input = btnbox_input,
	};
	int ret;

	if (btnbox_irq < 0)
		return -EINVAL;
	btnbox_sk = netlink_kernel_create(&init_net, NETLINK_BTNBOX, &cfg); /* expect: netlink-missing-unbind */
	if (!btnbox_sk)
		return -ENOMEM;
	ret = request_threaded_irq(btnbox_irq, NULL, btnbox_thread_fn,
				   IRQF_ONESHOT, "btnbox", NULL);
	if (ret)
		netlink_kernel_release(btnbox_sk);
	return ret;
}

static void __exit btnbox_exit(void)
{
	free_irq(btnbox_irq, NULL);
	netlink_kernel_release(btnbox_sk);
}

module_init(btnbox_init);
module_exit(btnbox_exit);
MODULE_LICENSE("GPL");
