// SPDX-License-Identifier: GPL-2.0
/*
 * GPU context debug ioctl: report the name of the process owning a
 * context.  The name is read after the RCU section has ended.
 */
#include <linux/sched.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <linux/pid.h>

struct gctx {
	struct pid *owner;
	char owner_comm[TASK_COMM_LEN];
};

int gctx_describe_owner(struct gctx *ctx)
{
	struct task_struct *task;

	rcu_read_lock();
	task = pid_task(ctx->owner, PIDTYPE_TGID);
	rcu_read_unlock();
	if (!task)
		return -ESRCH;
	get_task_comm(ctx->owner_comm, task); /* expect: task-after-rcu-unlock */
	return 0;
}
