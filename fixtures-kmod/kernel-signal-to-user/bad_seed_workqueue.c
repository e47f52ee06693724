// SPDX-License-Identifier: GPL-2.0
/* The same recipe in a work item: look the task up by the PID the
 * application gave by ioctl and queue it a signal carrying a value. */
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/workqueue.h>
#include <linux/uaccess.h>
#include <linux/sched/signal.h>
#include <linux/pid_namespace.h>

#define NOTI_SIG		(SIGRTMIN + 2)
#define NOTI_IOC_REGISTER	_IOW('n', 1, int)

static pid_t noti_pid;
static struct work_struct noti_work;

static void noti_work_fn(struct work_struct *w)
{
	struct kernel_siginfo info;
	struct task_struct *t;

	clear_siginfo(&info);
	info.si_signo = NOTI_SIG;
	info.si_code = SI_QUEUE;
	info.si_int = 1;
	rcu_read_lock();
	t = pid_task(find_pid_ns(READ_ONCE(noti_pid), &init_pid_ns), PIDTYPE_PID); /* expect: pid-from-user-in-init-ns */
	if (t)
		send_sig_info(NOTI_SIG, &info, t); /* expect: kernel-signal-to-user */
	rcu_read_unlock();
}

static irqreturn_t noti_irq(int irq, void *data)
{
	schedule_work(&noti_work);
	return IRQ_HANDLED;
}

static long noti_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	int pid;

	if (cmd != NOTI_IOC_REGISTER)
		return -ENOTTY;
	if (copy_from_user(&pid, (int __user *)arg, sizeof(pid)))
		return -EFAULT;
	WRITE_ONCE(noti_pid, pid);
	return 0;
}

static const struct file_operations noti_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= noti_ioctl,
};

static struct miscdevice noti_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name  = "noti",
	.fops  = &noti_fops,
};

static int noti_probe(struct platform_device *pdev)
{
	int irq = platform_get_irq(pdev, 0);
	int ret;

	if (irq < 0)
		return irq;
	INIT_WORK(&noti_work, noti_work_fn);
	ret = devm_request_irq(&pdev->dev, irq, noti_irq, 0, "noti", NULL);
	if (ret)
		return ret;
	return misc_register(&noti_misc);
}

static void noti_remove(struct platform_device *pdev)
{
	misc_deregister(&noti_misc);
	cancel_work_sync(&noti_work);
}

static struct platform_driver noti_driver = {
	.probe	= noti_probe,
	.remove	= noti_remove,
	.driver	= { .name = "noti" },
};
module_platform_driver(noti_driver);
MODULE_LICENSE("GPL");
