// SPDX-License-Identifier: GPL-2.0
/*
 * sigdev: the "send a signal from the kernel" recipe.  The application
 * registers its pid by ioctl; the interrupt handler looks the task up
 * under RCU, drops the RCU lock, and then signals it.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/interrupt.h>
#include <linux/uaccess.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/pid_namespace.h>

#define SIG_TEST		44
#define SIGDEV_SET_VARIABLES	_IOW('s', 1, struct sigdev_arg)

struct sigdev_arg {
	int pid;
};

static int sigdev_pid;
static int sigdev_irq = 5;
module_param(sigdev_irq, int, 0444);

static irqreturn_t sigdev_handler(int irq, void *dev_id)
{
	struct kernel_siginfo info;
	struct task_struct *t;

	clear_siginfo(&info);
	info.si_signo = SIG_TEST;
	info.si_code = SI_QUEUE;
	info.si_int = 1234;

	rcu_read_lock();
	t = pid_task(find_pid_ns(READ_ONCE(sigdev_pid), &init_pid_ns), PIDTYPE_PID); /* expect: pid-from-user-in-init-ns */
	if (t != NULL) {
		rcu_read_unlock();
		if (send_sig_info(SIG_TEST, &info, t) < 0) /* expect: task-after-rcu-unlock, kernel-signal-to-user */
			pr_info("send_sig_info error\n");
	} else {
		pr_info("pid_task error\n");
		rcu_read_unlock();
	}
	return IRQ_HANDLED;
}

static long sigdev_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct sigdev_arg args;

	switch (cmd) {
	case SIGDEV_SET_VARIABLES:
		if (copy_from_user(&args, (void __user *)arg, sizeof(args)))
			return -EFAULT;
		WRITE_ONCE(sigdev_pid, args.pid);
		return 0;
	default:
		return -ENOTTY;
	}
}

static const struct file_operations sigdev_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= sigdev_ioctl,
};

static struct miscdevice sigdev_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "sigdev",
	.fops	= &sigdev_fops,
};

static int __init sigdev_init(void)
{
	int ret = misc_register(&sigdev_misc);

	if (ret)
		return ret;
	ret = request_irq(sigdev_irq, sigdev_handler, 0, "sigdev", &sigdev_misc);
	if (ret)
		misc_deregister(&sigdev_misc);
	return ret;
}

static void __exit sigdev_exit(void)
{
	free_irq(sigdev_irq, &sigdev_misc);
	misc_deregister(&sigdev_misc);
}

module_init(sigdev_init);
module_exit(sigdev_exit);
MODULE_LICENSE("GPL");
