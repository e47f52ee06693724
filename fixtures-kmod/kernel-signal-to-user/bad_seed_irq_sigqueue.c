/*
 * sigirq.c - tells a user application about a hardware interrupt by
 * queueing it a real-time signal (the classic "signal from kernel to
 * user space" recipe).  The application registers its PID by ioctl.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/uaccess.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/pid.h>
#include <asm/siginfo.h>

#define SIGIRQ_MAJOR	242
#define SIG_APP		44
#define SIGIRQ_SET_PID	_IOW('q', 1, struct sigirq_arg)

struct sigirq_arg {
	int pid;
};

static int sigirq_irq = 6;
static int app_pid;			/* the application to notify */

static irqreturn_t sigirq_handler(int irq, void *dev_id)
{
	struct siginfo info; /* expect: removed-kernel-api */
	struct task_struct *t;

	memset(&info, 0, sizeof(info));
	info.si_signo = SIG_APP;
	info.si_code  = SI_QUEUE;	/* so that si_int reaches the handler */
	info.si_int   = 1234;

	rcu_read_lock();
	t = pid_task(find_pid_ns(app_pid, &init_pid_ns), PIDTYPE_PID); /* expect: pid-from-user-in-init-ns */
	if (t) {
		if (send_sig_info(SIG_APP, &info, t) < 0) /* expect: kernel-signal-to-user */
			printk(KERN_INFO "sigirq: could not signal %d\n", app_pid);
	}
	rcu_read_unlock();
	return IRQ_HANDLED;
}

static long sigirq_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct sigirq_arg a;

	switch (cmd) {
	case SIGIRQ_SET_PID:
		if (copy_from_user(&a, (void __user *)arg, sizeof(a)))
			return -EFAULT;
		app_pid = a.pid;
		return 0;
	default:
		return -ENOTTY;
	}
}

static struct file_operations sigirq_fops = {
	.owner          = THIS_MODULE,
	.unlocked_ioctl = sigirq_ioctl,
};

static int __init sigirq_init(void)
{
	int ret = register_chrdev(SIGIRQ_MAJOR, "sigirq", &sigirq_fops);
	if (ret < 0)
		return ret;
	ret = request_irq(sigirq_irq, sigirq_handler, IRQF_SHARED, "sigirq", &sigirq_fops);
	if (ret)
		unregister_chrdev(SIGIRQ_MAJOR, "sigirq");
	return ret;
}

static void __exit sigirq_exit(void)
{
	free_irq(sigirq_irq, &sigirq_fops);
	unregister_chrdev(SIGIRQ_MAJOR, "sigirq");
}

module_init(sigirq_init);
module_exit(sigirq_exit);
MODULE_LICENSE("GPL");
