// SPDX-License-Identifier: GPL-2.0
/*
 * Cache partitioning control: the ioctl argument *is* the pid, passed
 * by value.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/sched/task.h>
#include <linux/pid_namespace.h>
#include <linux/fs.h>

#define CPART_ASSIGN	_IO('c', 2)

static int cpart_assign(struct task_struct *t)
{
	pr_debug("cpart: assigning %d\n", task_pid_nr(t));
	return 0;
}

static long cpart_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct task_struct *t;
	int ret;

	if (cmd != CPART_ASSIGN)
		return -ENOTTY;
	t = get_pid_task(find_pid_ns((pid_t)arg, &init_pid_ns), PIDTYPE_PID); /* expect: pid-from-user-in-init-ns */
	if (!t)
		return -ESRCH;
	ret = cpart_assign(t);
	put_task_struct(t);
	return ret;
}

static const struct file_operations cpart_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= cpart_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct miscdevice cpart_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "cpart",
	.fops	= &cpart_fops,
};
module_misc_device(cpart_misc);
MODULE_LICENSE("GPL");
