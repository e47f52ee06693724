// SPDX-License-Identifier: GPL-2.0
/*
 * .pid of other structures, and the portid of the netlink control block.
 */
#include <linux/netlink.h>
#include <linux/sched.h>
#include <net/netlink.h>

struct gop_req {
	pid_t pid;
	u32 portid;
};

#define GOP_REQ(skb) ((struct gop_req *)(skb)->cb)

void gop_fill(struct sk_buff *skb, struct gop_req *req)
{
	req->pid = task_pid_nr(current);
	req->portid = NETLINK_CB(skb).portid;
	GOP_REQ(skb)->pid = req->pid;
}
