// SPDX-License-Identifier: GPL-2.0
/*
 * Remote-proc client: pin the process that owns a shared buffer.  The
 * reference is taken, but only after the RCU section ended.
 */
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/rcupdate.h>
#include <linux/pid.h>

struct rp_buf {
	struct pid *owner_pid;
	struct task_struct *owner;
};

int rp_buf_pin_owner(struct rp_buf *b)
{
	struct task_struct *tsk;

	rcu_read_lock();
	tsk = pid_task(b->owner_pid, PIDTYPE_PID);
	rcu_read_unlock();

	if (!tsk)
		return -ESRCH;
	get_task_struct(tsk); /* expect: task-after-rcu-unlock */
	b->owner = tsk;
	return 0;
}

void rp_buf_unpin_owner(struct rp_buf *b)
{
	if (b->owner)
		put_task_struct(b->owner);
	b->owner = NULL;
}
