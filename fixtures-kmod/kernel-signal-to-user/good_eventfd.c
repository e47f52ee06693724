// SPDX-License-Identifier: GPL-2.0
/*
 * Completion notification through an eventfd the application hands in
 * by ioctl, the alternative suggested instead of signals.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/eventfd.h>
#include <linux/workqueue.h>
#include <linux/mutex.h>
#include <linux/uaccess.h>

#define EVFD_IOC_SET	_IOW('e', 1, int)

static struct eventfd_ctx *evfd_ctx;
static DEFINE_MUTEX(evfd_lock);
static struct work_struct evfd_done_work;

static void evfd_done(struct work_struct *w)
{
	mutex_lock(&evfd_lock);
	if (evfd_ctx)
		eventfd_signal(evfd_ctx);
	mutex_unlock(&evfd_lock);
}

static long evfd_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct eventfd_ctx *ctx;
	int fd;

	if (cmd != EVFD_IOC_SET)
		return -ENOTTY;
	if (copy_from_user(&fd, (int __user *)arg, sizeof(fd)))
		return -EFAULT;
	ctx = eventfd_ctx_fdget(fd);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	mutex_lock(&evfd_lock);
	if (evfd_ctx)
		eventfd_ctx_put(evfd_ctx);
	evfd_ctx = ctx;
	mutex_unlock(&evfd_lock);
	schedule_work(&evfd_done_work);
	return 0;
}

static const struct file_operations evfd_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= evfd_ioctl,
};

static struct miscdevice evfd_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name  = "evfd",
	.fops  = &evfd_fops,
};

static int __init evfd_init(void)
{
	INIT_WORK(&evfd_done_work, evfd_done);
	return misc_register(&evfd_misc);
}

static void __exit evfd_exit(void)
{
	misc_deregister(&evfd_misc);
	cancel_work_sync(&evfd_done_work);
	if (evfd_ctx)
		eventfd_ctx_put(evfd_ctx);
}

module_init(evfd_init);
module_exit(evfd_exit);
MODULE_LICENSE("GPL");
