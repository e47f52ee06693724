// SPDX-License-Identifier: GPL-2.0
/*
 * Accelerator job accounting: record which thread group submitted a job.
 * The tgid is read through the task pointer after the RCU unlock.
 */
#include <linux/sched.h>
#include <linux/rcupdate.h>

struct acc_job {
	pid_t submitter;
	pid_t submitter_tgid;
	int prio;
};

static int acc_job_set_owner(struct acc_job *job)
{
	struct task_struct *p;

	rcu_read_lock();
	p = find_task_by_vpid(job->submitter);
	if (!p) {
		rcu_read_unlock();
		return -ESRCH;
	}
	rcu_read_unlock();

	job->submitter_tgid = p->tgid; /* expect: task-after-rcu-unlock */
	job->prio = p->prio;
	return 0;
}

int acc_job_init(struct acc_job *job, pid_t who)
{
	job->submitter = who;
	return acc_job_set_owner(job);
}
