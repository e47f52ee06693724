// SPDX-License-Identifier: GPL-2.0
/*
 * Earlier versions of this driver called send_sig_info() / kill_pid()
 * to poke the application.  That was replaced by a wait queue; the names
 * only survive in comments and log strings now.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/wait.h>
#include <linux/uaccess.h>

static DECLARE_WAIT_QUEUE_HEAD(cmts_wq);
static atomic_t cmts_events = ATOMIC_INIT(0);

/* was: send_sig(SIGUSR1, owner, 0); */
void cmts_event(void)
{
	atomic_inc(&cmts_events);
	wake_up_interruptible(&cmts_wq);
	pr_debug("cmts: event queued (no send_sig, no kill_pid)\n");
}
EXPORT_SYMBOL_GPL(cmts_event);

static ssize_t cmts_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	int ev;

	if (n < sizeof(ev))
		return -EINVAL;
	if (wait_event_interruptible(cmts_wq, atomic_read(&cmts_events)))
		return -ERESTARTSYS;
	ev = atomic_xchg(&cmts_events, 0);
	if (copy_to_user(buf, &ev, sizeof(ev)))
		return -EFAULT;
	return sizeof(ev);
}

static const struct file_operations cmts_fops = {
	.owner	= THIS_MODULE,
	.read	= cmts_read,
};

static struct miscdevice cmts_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name  = "cmts",
	.fops  = &cmts_fops,
};

static int __init cmts_init(void)
{
	pr_info("cmts: use read(), not SIGUSR1 (see send_sig_info history)\n");
	return misc_register(&cmts_misc);
}

static void __exit cmts_exit(void)
{
	misc_deregister(&cmts_misc);
}

module_init(cmts_init);
module_exit(cmts_exit);
MODULE_LICENSE("GPL");
