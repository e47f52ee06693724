// SPDX-License-Identifier: GPL-2.0
/*
 * UPS monitor: the process holding /dev/upsmon is sent SIGPWR from the
 * reboot notifier so that it "can save its state".
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/notifier.h>
#include <linux/reboot.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/mutex.h>

static struct task_struct *upsmon_watcher;
static DEFINE_MUTEX(upsmon_lock);

static int upsmon_reboot_event(struct notifier_block *nb, unsigned long action,
			       void *unused)
{
	mutex_lock(&upsmon_lock);
	if (upsmon_watcher && action == SYS_POWER_OFF)
		send_sig(SIGPWR, upsmon_watcher, 0); /* expect: kernel-signal-to-user */
	mutex_unlock(&upsmon_lock);
	return NOTIFY_DONE;
}

static struct notifier_block upsmon_nb = {
	.notifier_call = upsmon_reboot_event,
};

static int upsmon_open(struct inode *inode, struct file *file)
{
	int ret = 0;

	mutex_lock(&upsmon_lock);
	if (upsmon_watcher)
		ret = -EBUSY;
	else
		upsmon_watcher = get_task_struct(current);
	mutex_unlock(&upsmon_lock);
	return ret;
}

static int upsmon_release(struct inode *inode, struct file *file)
{
	mutex_lock(&upsmon_lock);
	put_task_struct(upsmon_watcher);
	upsmon_watcher = NULL;
	mutex_unlock(&upsmon_lock);
	return 0;
}

static const struct file_operations upsmon_fops = {
	.owner		= THIS_MODULE,
	.open		= upsmon_open,
	.release	= upsmon_release,
};

static struct miscdevice upsmon_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name  = "upsmon",
	.fops  = &upsmon_fops,
};

static int __init upsmon_init(void)
{
	int ret = register_reboot_notifier(&upsmon_nb);

	if (ret)
		return ret;
	ret = misc_register(&upsmon_misc);
	if (ret)
		unregister_reboot_notifier(&upsmon_nb);
	return ret;
}

static void __exit upsmon_exit(void)
{
	misc_deregister(&upsmon_misc);
	unregister_reboot_notifier(&upsmon_nb);
}

module_init(upsmon_init);
module_exit(upsmon_exit);
MODULE_LICENSE("GPL");
