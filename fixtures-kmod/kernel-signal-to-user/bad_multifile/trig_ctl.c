// SPDX-License-Identifier: GPL-2.0
/* trig: the application registers itself and the signal it wants. */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/uaccess.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include "trig.h"

#define TRIG_IOC_SUBSCRIBE	_IOW('t', 1, int)

struct trig_state trig = {
	.lock = __SPIN_LOCK_UNLOCKED(trig.lock),
};

static int trig_irqno = 23;
module_param(trig_irqno, int, 0444);

static long trig_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pid *old;
	int signo;

	if (cmd != TRIG_IOC_SUBSCRIBE)
		return -ENOTTY;
	if (copy_from_user(&signo, (int __user *)arg, sizeof(signo)))
		return -EFAULT;
	if (signo < SIGRTMIN || signo > SIGRTMAX)
		return -EINVAL;
	spin_lock_irq(&trig.lock);
	old = trig.listener;
	trig.listener = get_pid(task_tgid(current));
	trig.signo = signo;
	spin_unlock_irq(&trig.lock);
	put_pid(old);
	return 0;
}

static const struct file_operations trig_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= trig_ioctl,
};

static struct miscdevice trig_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name  = "trig",
	.fops  = &trig_fops,
};

static int __init trig_init(void)
{
	int ret = trig_events_init(trig_irqno);

	if (ret)
		return ret;
	ret = misc_register(&trig_misc);
	if (ret)
		trig_events_exit(trig_irqno);
	return ret;
}

static void __exit trig_exit(void)
{
	misc_deregister(&trig_misc);
	trig_events_exit(trig_irqno);
	put_pid(trig.listener);
}

module_init(trig_init);
module_exit(trig_exit);
MODULE_LICENSE("GPL");
