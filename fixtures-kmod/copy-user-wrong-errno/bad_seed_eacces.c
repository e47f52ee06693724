// SPDX-License-Identifier: GPL-2.0
/*
 * wsig: user space registers its pid so the driver can signal it when
 * the hardware raises an interrupt.  A fault while reading the argument
 * is reported as -EACCES instead of -EFAULT.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>

struct wsig_args {
	pid_t	pid;
	int	signo;
};

#define WSIG_IOC_SET_VARIABLES	_IOW('w', 1, struct wsig_args)

static pid_t wsig_pid;
static int wsig_signo;

static long wsig_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct wsig_args args;

	switch (cmd) {
	case WSIG_IOC_SET_VARIABLES:
		if (copy_from_user(&args, (struct wsig_args __user *)arg, sizeof(args))) return -EACCES; /* expect: copy-user-wrong-errno */
		wsig_pid = args.pid;
		wsig_signo = args.signo;
		break;
	default:
		return -ENOTTY;
	}
	return 0;
}

static const struct file_operations wsig_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= wsig_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice wsig_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "wsig",
	.fops	= &wsig_fops,
};
module_misc_device(wsig_misc);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("signal a registered process on device events");
