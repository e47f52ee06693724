// SPDX-License-Identifier: GPL-2.0
/*
 * 2.6.1x-era lookup of a task by pid, under tasklist_lock.
 */
#include <linux/sched.h>
#include <linux/pid.h>

struct task_struct *ftp_get_task(int nr)
{
	struct task_struct *t;

	read_lock(&tasklist_lock);
	t = find_task_by_pid_type(PIDTYPE_PID, nr); /* expect: removed-kernel-api */
	if (t)
		get_task_struct(t);
	read_unlock(&tasklist_lock);
	return t;
}
