// SPDX-License-Identifier: GPL-2.0
/*
 * Event counter exposed through read()/poll(): the application sleeps in
 * poll() and the timer wakes it, no signal involved.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/timer.h>
#include <linux/poll.h>
#include <linux/uaccess.h>

static DECLARE_WAIT_QUEUE_HEAD(tickq_wait);
static atomic_t tickq_ticks = ATOMIC_INIT(0);
static struct timer_list tickq_timer;

static void tickq_fire(struct timer_list *t)
{
	atomic_inc(&tickq_ticks);
	wake_up_interruptible(&tickq_wait);
	mod_timer(&tickq_timer, jiffies + HZ);
}

static __poll_t tickq_poll(struct file *file, poll_table *wait)
{
	poll_wait(file, &tickq_wait, wait);
	return atomic_read(&tickq_ticks) ? EPOLLIN | EPOLLRDNORM : 0;
}

static ssize_t tickq_read(struct file *file, char __user *buf, size_t n, loff_t *pos)
{
	int ticks;

	if (n < sizeof(ticks))
		return -EINVAL;
	ticks = atomic_xchg(&tickq_ticks, 0);
	if (copy_to_user(buf, &ticks, sizeof(ticks)))
		return -EFAULT;
	return sizeof(ticks);
}

static const struct file_operations tickq_fops = {
	.owner	= THIS_MODULE,
	.read	= tickq_read,
	.poll	= tickq_poll,
};

static struct miscdevice tickq_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name  = "tickq",
	.fops  = &tickq_fops,
};

static int __init tickq_init(void)
{
	int ret = misc_register(&tickq_misc);

	if (ret)
		return ret;
	timer_setup(&tickq_timer, tickq_fire, 0);
	mod_timer(&tickq_timer, jiffies + HZ);
	return 0;
}

static void __exit tickq_exit(void)
{
	del_timer_sync(&tickq_timer);
	misc_deregister(&tickq_misc);
}

module_init(tickq_init);
module_exit(tickq_exit);
MODULE_LICENSE("GPL");
