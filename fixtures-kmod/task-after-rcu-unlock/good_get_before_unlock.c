// SPDX-License-Identifier: GPL-2.0
/*
 * GPU context debug ioctl, fixed: the reference is taken inside the RCU
 * section and dropped after the name was copied.
 */
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/rcupdate.h>
#include <linux/pid.h>

struct gctxg {
	struct pid *owner;
	char owner_comm[TASK_COMM_LEN];
};

int gctxg_describe_owner(struct gctxg *ctx)
{
	struct task_struct *task;

	rcu_read_lock();
	task = pid_task(ctx->owner, PIDTYPE_TGID);
	if (task)
		get_task_struct(task);
	rcu_read_unlock();
	if (!task)
		return -ESRCH;
	get_task_comm(ctx->owner_comm, task);
	put_task_struct(task);
	return 0;
}
