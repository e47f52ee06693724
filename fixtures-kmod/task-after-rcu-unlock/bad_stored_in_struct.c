// SPDX-License-Identifier: GPL-2.0
/*
 * Sensor hub: the application names the thread to wake on new data;
 * the task pointer is kept in the device struct with no reference.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/sched.h>
#include <linux/rcupdate.h>
#include <linux/uaccess.h>
#include <linux/fs.h>

#define HUB_IOC_WAKE_TID	_IOW('h', 3, __s32)

struct hub_dev {
	struct miscdevice misc;
	struct task_struct *waiter;
	spinlock_t lock;
};

static struct hub_dev hub;

static long hub_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct task_struct *t;
	__s32 tid;

	if (cmd != HUB_IOC_WAKE_TID)
		return -ENOTTY;
	if (get_user(tid, (__s32 __user *)arg))
		return -EFAULT;

	rcu_read_lock();
	t = find_task_by_vpid(tid);
	rcu_read_unlock();
	if (!t)
		return -ESRCH;
	spin_lock(&hub.lock);
	hub.waiter = t; /* expect: task-after-rcu-unlock */
	spin_unlock(&hub.lock);
	return 0;
}

void hub_data_ready(void)
{
	spin_lock(&hub.lock);
	if (hub.waiter)
		wake_up_process(hub.waiter);
	spin_unlock(&hub.lock);
}

static const struct file_operations hub_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= hub_ioctl,
};

static int __init hub_init(void)
{
	spin_lock_init(&hub.lock);
	hub.misc.minor = MISC_DYNAMIC_MINOR;
	hub.misc.name = "sensorhub";
	hub.misc.fops = &hub_fops;
	return misc_register(&hub.misc);
}

static void __exit hub_exit(void)
{
	misc_deregister(&hub.misc);
}

module_init(hub_init);
module_exit(hub_exit);
MODULE_LICENSE("GPL");
