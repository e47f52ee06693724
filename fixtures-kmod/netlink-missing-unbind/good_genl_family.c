// SPDX-License-Identifier: GPL-2.0
/*
 * Uses generic netlink instead of its own unit, so there is no
 * netlink_kernel_create() here and no netlink_kernel_cfg to get wrong.
 * (The genetlink core tracks multicast listeners for us.)
 */
#include <linux/module.h>
#include <net/genetlink.h>

enum { THERMZ_CMD_UNSPEC, THERMZ_CMD_TRIP };
enum { THERMZ_ATTR_UNSPEC, THERMZ_ATTR_ZONE, __THERMZ_ATTR_MAX };

static const struct genl_multicast_group thermz_mcgrps[] = {
	{ .name = "trips", },
};

static struct genl_family thermz_family = {
	.name		= "thermz",
	.version	= 1,
	.maxattr	= __THERMZ_ATTR_MAX - 1,
	.module		= THIS_MODULE,
	.mcgrps		= thermz_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(thermz_mcgrps),
};

int thermz_notify_trip(u32 zone)
{
	struct sk_buff *skb;
	void *hdr;

	skb = genlmsg_new(nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	hdr = genlmsg_put(skb, 0, 0, &thermz_family, 0, THERMZ_CMD_TRIP);
	if (!hdr || nla_put_u32(skb, THERMZ_ATTR_ZONE, zone)) {
		nlmsg_free(skb);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return genlmsg_multicast(&thermz_family, skb, 0, 0, GFP_KERNEL);
}
EXPORT_SYMBOL_GPL(thermz_notify_trip);

static int __init thermz_init(void)
{
	return genl_register_family(&thermz_family);
}

static void __exit thermz_exit(void)
{
	genl_unregister_family(&thermz_family);
}

module_init(thermz_init);
module_exit(thermz_exit);
MODULE_LICENSE("GPL");
