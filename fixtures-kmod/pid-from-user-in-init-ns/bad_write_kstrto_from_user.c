// SPDX-License-Identifier: GPL-2.0
/*
 * Memory bandwidth monitor: write a pid to /dev/bwmon to start
 * monitoring it.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/sched/task.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/fs.h>

static struct pid *bwmon_target;
static DEFINE_MUTEX(bwmon_lock);

static ssize_t bwmon_write(struct file *f, const char __user *ubuf, size_t count, loff_t *ppos)
{
	struct pid *pid;
	int nr, ret;

	ret = kstrtoint_from_user(ubuf, count, 10, &nr);
	if (ret)
		return ret;
	rcu_read_lock();
	pid = get_pid(find_pid_ns(nr, &init_pid_ns)); /* expect: pid-from-user-in-init-ns */
	rcu_read_unlock();
	if (!pid)
		return -ESRCH;
	mutex_lock(&bwmon_lock);
	put_pid(bwmon_target);
	bwmon_target = pid;
	mutex_unlock(&bwmon_lock);
	return count;
}

static const struct file_operations bwmon_fops = {
	.owner	= THIS_MODULE,
	.write	= bwmon_write,
};

static struct miscdevice bwmon_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "bwmon",
	.fops	= &bwmon_fops,
};
module_misc_device(bwmon_misc);
MODULE_LICENSE("GPL");
