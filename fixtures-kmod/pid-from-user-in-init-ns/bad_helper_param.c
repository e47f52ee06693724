// SPDX-License-Identifier: GPL-2.0
/*
 * Performance counter unit: "attach to pid" ioctl, implemented in a
 * helper that receives the number.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/uaccess.h>
#include <linux/sched/task.h>
#include <linux/pid_namespace.h>
#include <linux/fs.h>

#define PCU_ATTACH	_IOW('p', 1, struct pcu_attach)

struct pcu_attach {
	__s32 pid;
	__u32 events;
};

static struct task_struct *pcu_target;

static int pcu_do_attach(pid_t nr, u32 events)
{
	struct task_struct *t;

	t = get_pid_task(find_pid_ns(nr, &init_pid_ns), PIDTYPE_PID); /* expect: pid-from-user-in-init-ns */
	if (!t)
		return -ESRCH;
	if (pcu_target)
		put_task_struct(pcu_target);
	pcu_target = t;
	return 0;
}

static long pcu_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pcu_attach a;

	if (cmd != PCU_ATTACH)
		return -ENOTTY;
	if (copy_from_user(&a, (void __user *)arg, sizeof(a)))
		return -EFAULT;
	return pcu_do_attach(a.pid, a.events);
}

static const struct file_operations pcu_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= pcu_ioctl,
};

static struct miscdevice pcu_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "pcu",
	.fops	= &pcu_fops,
};
module_misc_device(pcu_misc);
MODULE_LICENSE("GPL");
