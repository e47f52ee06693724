// SPDX-License-Identifier: GPL-2.0
/*
 * Polling engine: the number looked up in init_pid_ns is the global pid
 * of the driver's own kernel thread, recorded by the driver; the ioctl
 * copies in only the poll interval.
 */
#include <linux/kthread.h>
#include <linux/uaccess.h>
#include <linux/sched/task.h>
#include <linux/pid_namespace.h>

struct pe_cfg {
	__u32 interval_ms;
	__s32 reserved;
};

struct pe {
	struct task_struct *worker;
	pid_t worker_nr;
	u32 interval_ms;
};

int pe_configure(struct pe *pe, const void __user *argp)
{
	struct pe_cfg cfg;

	if (copy_from_user(&cfg, argp, sizeof(cfg)))
		return -EFAULT;
	pe->interval_ms = cfg.interval_ms;
	return 0;
}

void pe_record_worker(struct pe *pe)
{
	pe->worker_nr = pid_nr(task_pid(pe->worker));
}

void pe_kick(struct pe *pe)
{
	struct task_struct *t;

	t = get_pid_task(find_pid_ns(pe->worker_nr, &init_pid_ns), PIDTYPE_PID);
	if (!t)
		return;
	wake_up_process(t);
	put_task_struct(t);
}
