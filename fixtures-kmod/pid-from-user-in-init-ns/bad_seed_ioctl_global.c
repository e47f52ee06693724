// SPDX-License-Identifier: GPL-2.0
/*
 * Frame-ready notifier: the application tells the driver its pid by
 * ioctl; a work item later looks the process up and wakes it.  The
 * lookup uses the init namespace, whatever namespace the caller was in.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/workqueue.h>
#include <linux/uaccess.h>
#include <linux/sched/task.h>
#include <linux/pid_namespace.h>

#define FRN_SET_VARIABLES	_IOW('f', 1, struct frn_arg)

struct frn_arg {
	int pid;
	int flags;
};

static int frn_pid;
static struct work_struct frn_work;

static void frn_work_fn(struct work_struct *w)
{
	struct task_struct *t;

	t = get_pid_task(find_pid_ns(frn_pid, &init_pid_ns), PIDTYPE_PID); /* expect: pid-from-user-in-init-ns */
	if (!t)
		return;
	wake_up_process(t);
	put_task_struct(t);
}

static long frn_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct frn_arg args;

	switch (cmd) {
	case FRN_SET_VARIABLES:
		if (copy_from_user(&args, (struct frn_arg __user *)arg, sizeof(args)))
			return -EFAULT;
		frn_pid = args.pid;
		schedule_work(&frn_work);
		return 0;
	default:
		return -ENOTTY;
	}
}

static const struct file_operations frn_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= frn_ioctl,
};

static struct miscdevice frn_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "frn",
	.fops	= &frn_fops,
};

static int __init frn_init(void)
{
	INIT_WORK(&frn_work, frn_work_fn);
	return misc_register(&frn_misc);
}

static void __exit frn_exit(void)
{
	misc_deregister(&frn_misc);
	cancel_work_sync(&frn_work);
}

module_init(frn_init);
module_exit(frn_exit);
MODULE_LICENSE("GPL");
