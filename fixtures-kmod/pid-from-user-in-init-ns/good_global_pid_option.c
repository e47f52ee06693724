// SPDX-License-Identifier: GPL-2.0
/*
 * Debug selector: "pid=N" is looked up in the writer's namespace; an
 * explicit "global-pid=N" asks for the init namespace on purpose.
 */
#include <linux/sched.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/pid_namespace.h>

struct dsel_req {
	__s32 pid;
	__u32 global;
};

int dsel_select(const void __user *argp, pid_t *tgid_out)
{
	struct dsel_req req;
	struct task_struct *p;
	int ret = 0;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	rcu_read_lock();
	if (req.global)
		p = find_task_by_pid_ns(req.pid, &init_pid_ns);
	else
		p = find_task_by_vpid(req.pid);
	if (p)
		*tgid_out = task_tgid_nr(p);
	else
		ret = -ESRCH;
	rcu_read_unlock();
	return ret;
}
