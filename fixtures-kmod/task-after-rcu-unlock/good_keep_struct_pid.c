// SPDX-License-Identifier: GPL-2.0
/*
 * Event source: remember the registering process as a struct pid taken
 * under RCU from the task, and use only the pid afterwards.
 */
#include <linux/sched.h>
#include <linux/rcupdate.h>
#include <linux/pid.h>

struct evsrc {
	struct pid *listener;
	char name[TASK_COMM_LEN];
};

int evsrc_set_listener(struct evsrc *e, pid_t nr)
{
	struct task_struct *t;
	struct pid *old = e->listener;

	rcu_read_lock();
	t = find_task_by_vpid(nr);
	if (!t) {
		rcu_read_unlock();
		return -ESRCH;
	}
	e->listener = get_pid(task_tgid(t));
	get_task_comm(e->name, t);
	rcu_read_unlock();
	put_pid(old);
	return 0;
}
