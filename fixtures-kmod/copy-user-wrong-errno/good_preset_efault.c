// SPDX-License-Identifier: GPL-2.0
/*
 * gpre: the kernel idiom of loading ret = -EFAULT before the copy and
 * jumping to a common exit, plus a branch that sets -EFAULT explicitly.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/mutex.h>
#include <linux/uaccess.h>

struct gpre_entry {
	u32 key;
	u32 value;
};

#define GPRE_IOC_PUT	_IOW('r', 1, struct gpre_entry)
#define GPRE_IOC_GET	_IOWR('r', 2, struct gpre_entry)
#define GPRE_SLOTS	16

static struct gpre_entry gpre_tbl[GPRE_SLOTS];
static DEFINE_MUTEX(gpre_lock);

static long gpre_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	struct gpre_entry e;
	long ret;

	mutex_lock(&gpre_lock);
	switch (cmd) {
	case GPRE_IOC_PUT:
		ret = -EFAULT;
		if (copy_from_user(&e, argp, sizeof(e)))
			goto out;
		ret = -EINVAL;
		if (e.key >= GPRE_SLOTS)
			goto out;
		gpre_tbl[e.key] = e;
		ret = 0;
		break;
	case GPRE_IOC_GET:
		if (get_user(e.key, (u32 __user *)argp)) {
			ret = -EFAULT;
			goto out;
		}
		if (e.key >= GPRE_SLOTS) {
			ret = -EINVAL;
			goto out;
		}
		if (copy_to_user(argp, &gpre_tbl[e.key], sizeof(e))) {
			ret = -EFAULT;
			goto out;
		}
		ret = 0;
		break;
	default:
		ret = -ENOTTY;
		break;
	}
out:
	mutex_unlock(&gpre_lock);
	return ret;
}

const struct file_operations gpre_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= gpre_ioctl,
	.llseek		= noop_llseek,
};
