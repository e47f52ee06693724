// SPDX-License-Identifier: GPL-2.0
/*
 * Accelerator job accounting: everything read from the task is read
 * before rcu_read_unlock().
 */
#include <linux/sched.h>
#include <linux/rcupdate.h>

struct accg_job {
	pid_t submitter;
	pid_t submitter_tgid;
	int prio;
};

int accg_job_set_owner(struct accg_job *job)
{
	struct task_struct *p;
	int ret = 0;

	rcu_read_lock();
	p = find_task_by_vpid(job->submitter);
	if (p) {
		job->submitter_tgid = p->tgid;
		job->prio = p->prio;
	} else {
		ret = -ESRCH;
	}
	rcu_read_unlock();
	return ret;
}
