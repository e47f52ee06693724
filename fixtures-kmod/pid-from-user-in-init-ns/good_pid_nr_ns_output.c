// SPDX-License-Identifier: GPL-2.0
/*
 * Status ioctl: report the owner's global pid to a privileged tool.
 * init_pid_ns is used to translate a struct pid to a number, not to
 * look up a number from userspace.
 */
#include <linux/uaccess.h>
#include <linux/pid_namespace.h>
#include <linux/capability.h>

struct stq_status {
	__s32 owner_global_pid;
	__u32 depth;
};

struct stq {
	struct pid *owner;
	u32 depth;
};

int stq_get_status(struct stq *q, void __user *argp)
{
	struct stq_status st;

	if (copy_from_user(&st, argp, sizeof(st)))
		return -EFAULT;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	st.owner_global_pid = pid_nr_ns(q->owner, &init_pid_ns);
	st.depth = q->depth;
	if (copy_to_user(argp, &st, sizeof(st)))
		return -EFAULT;
	return 0;
}
