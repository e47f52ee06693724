// SPDX-License-Identifier: GPL-2.0
/*
 * Frame-ready notifier, fixed: the number is resolved in the ioctl, in
 * the caller's pid namespace, and a struct pid reference is kept.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/workqueue.h>
#include <linux/uaccess.h>
#include <linux/sched/task.h>
#include <linux/pid.h>

#define FRNG_SET_VARIABLES	_IOW('f', 1, struct frng_arg)

struct frng_arg {
	int pid;
	int flags;
};

static struct pid *frng_owner;
static DEFINE_SPINLOCK(frng_lock);
static struct work_struct frng_work;

static void frng_work_fn(struct work_struct *w)
{
	struct task_struct *t = NULL;

	spin_lock(&frng_lock);
	if (frng_owner)
		t = get_pid_task(frng_owner, PIDTYPE_PID);
	spin_unlock(&frng_lock);
	if (!t)
		return;
	wake_up_process(t);
	put_task_struct(t);
}

static long frng_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct frng_arg args;
	struct pid *pid, *old;

	if (cmd != FRNG_SET_VARIABLES)
		return -ENOTTY;
	if (copy_from_user(&args, (struct frng_arg __user *)arg, sizeof(args)))
		return -EFAULT;
	pid = find_get_pid(args.pid);
	if (!pid)
		return -ESRCH;
	spin_lock(&frng_lock);
	old = frng_owner;
	frng_owner = pid;
	spin_unlock(&frng_lock);
	put_pid(old);
	schedule_work(&frng_work);
	return 0;
}

static const struct file_operations frng_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= frng_ioctl,
};

static struct miscdevice frng_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "frng",
	.fops	= &frng_fops,
};

static int __init frng_init(void)
{
	INIT_WORK(&frng_work, frng_work_fn);
	return misc_register(&frng_misc);
}

static void __exit frng_exit(void)
{
	misc_deregister(&frng_misc);
	cancel_work_sync(&frng_work);
	put_pid(frng_owner);
}

module_init(frng_init);
module_exit(frng_exit);
MODULE_LICENSE("GPL");
