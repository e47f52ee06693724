// SPDX-License-Identifier: GPL-2.0
/*
 * Session check: is the process that opened the session still alive?
 * Only the pointer value is looked at after the unlock.
 */
#include <linux/sched.h>
#include <linux/rcupdate.h>
#include <linux/pid.h>

struct sess {
	struct pid *opener;
};

bool sess_opener_alive(struct sess *s)
{
	struct task_struct *t;

	rcu_read_lock();
	t = pid_task(s->opener, PIDTYPE_PID);
	rcu_read_unlock();
	if (!t)
		return false;
	return t != NULL && !IS_ERR(t);
}

bool sess_opened_by_current(struct sess *s)
{
	struct task_struct *t;

	rcu_read_lock();
	t = pid_task(s->opener, PIDTYPE_TGID);
	rcu_read_unlock();
	return t == current->group_leader;
}
