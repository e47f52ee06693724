// SPDX-License-Identifier: GPL-2.0
/*
 * "Notify me" ioctl: no number at all, the caller itself is recorded.
 * The copied-in struct only carries the event mask.
 */
#include <linux/uaccess.h>
#include <linux/sched.h>
#include <linux/pid.h>

struct nfy_req {
	__u32 mask;
	__s32 pid;	/* ignored, kept for ABI compatibility */
};

struct nfy_ctx {
	struct pid *listener;
	u32 mask;
};

int nfy_subscribe(struct nfy_ctx *ctx, const void __user *argp)
{
	struct nfy_req req;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	put_pid(ctx->listener);
	ctx->listener = get_pid(task_tgid(current));
	ctx->mask = req.mask;
	return 0;
}
