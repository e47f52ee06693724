// SPDX-License-Identifier: GPL-2.0
/*
 * Heartbeat supervisor: the daemon opens /dev/hbeat; if it does not write
 * within five seconds a timer sends it SIGUSR1 as a "wake up" poke.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/timer.h>
#include <linux/sched/signal.h>
#include <linux/pid.h>

static struct pid *hbeat_owner;
static struct timer_list hbeat_timer;

static void hbeat_expired(struct timer_list *t)
{
	if (hbeat_owner)
		kill_pid(hbeat_owner, SIGUSR1, 1); /* expect: kernel-signal-to-user */
}

static int hbeat_open(struct inode *inode, struct file *file)
{
	if (hbeat_owner)
		return -EBUSY;
	hbeat_owner = get_pid(task_tgid(current));
	mod_timer(&hbeat_timer, jiffies + 5 * HZ);
	return 0;
}

static ssize_t hbeat_write(struct file *file, const char __user *buf,
			   size_t len, loff_t *ppos)
{
	mod_timer(&hbeat_timer, jiffies + 5 * HZ);
	return len;
}

static int hbeat_release(struct inode *inode, struct file *file)
{
	del_timer_sync(&hbeat_timer);
	put_pid(hbeat_owner);
	hbeat_owner = NULL;
	return 0;
}

static const struct file_operations hbeat_fops = {
	.owner		= THIS_MODULE,
	.open		= hbeat_open,
	.write		= hbeat_write,
	.release	= hbeat_release,
};

static struct miscdevice hbeat_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name  = "hbeat",
	.fops  = &hbeat_fops,
};

static int __init hbeat_init(void)
{
	timer_setup(&hbeat_timer, hbeat_expired, 0);
	return misc_register(&hbeat_misc);
}

static void __exit hbeat_exit(void)
{
	misc_deregister(&hbeat_misc);
	del_timer_sync(&hbeat_timer);
}

module_init(hbeat_init);
module_exit(hbeat_exit);
MODULE_LICENSE("GPL");
