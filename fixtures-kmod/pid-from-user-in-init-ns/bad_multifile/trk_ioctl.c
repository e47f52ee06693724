// SPDX-License-Identifier: GPL-2.0
/* trk: the control device; the application registers the pid to track. */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/uaccess.h>
#include <linux/fs.h>
#include "trk.h"

#define TRK_IOC_TRACK	_IOW('t', 7, int)

pid_t trk_tracked_pid;

static long trk_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	int nr;

	if (cmd != TRK_IOC_TRACK)
		return -ENOTTY;
	if (get_user(nr, (int __user *)arg))
		return -EFAULT;
	WRITE_ONCE(trk_tracked_pid, nr);
	return 0;
}

static const struct file_operations trk_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= trk_ioctl,
};

static struct miscdevice trk_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "trk",
	.fops	= &trk_fops,
};
module_misc_device(trk_misc);
MODULE_LICENSE("GPL");
