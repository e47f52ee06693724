// SPDX-License-Identifier: GPL-2.0
/*
 * gcpt: native and compat ioctl entry points selected by #ifdef; every
 * branch checks its copy.
 */
#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct gcpt_req {
	u64 cookie;
	u32 flags;
	u32 pad;
};

#define GCPT_IOC_QUEUE	_IOW('p', 1, struct gcpt_req)

static u64 gcpt_last_cookie;

static long gcpt_queue(const void __user *argp)
{
	struct gcpt_req req;

#ifdef CONFIG_GCPT_STRICT
	if (!access_ok(argp, sizeof(req)))
		return -EFAULT;
	if (__copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
#else
	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
#endif
	if (req.pad)
		return -EINVAL;
	gcpt_last_cookie = req.cookie;
	return 0;
}

static long gcpt_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	if (cmd != GCPT_IOC_QUEUE)
		return -ENOTTY;
	return gcpt_queue((void __user *)arg);
}

#ifdef CONFIG_COMPAT
static long gcpt_compat_ioctl(struct file *file, unsigned int cmd,
			      unsigned long arg)
{
	return gcpt_ioctl(file, cmd, (unsigned long)compat_ptr(arg));
}
#endif

const struct file_operations gcpt_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= gcpt_ioctl,
#ifdef CONFIG_COMPAT
	.compat_ioctl	= gcpt_compat_ioctl,
#endif
	.llseek		= noop_llseek,
};
