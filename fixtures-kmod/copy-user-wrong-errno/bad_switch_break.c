// SPDX-License-Identifier: GPL-2.0
/*
 * wsw: a single-exit ioctl where each case sets 'ret' and breaks.  The
 * copy failures are reported as -EIO and -ENOMEM.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

struct wsw_stats {
	u64 rx;
	u64 tx;
	u64 dropped;
};

#define WSW_IOC_STATS	_IOR('x', 1, struct wsw_stats)
#define WSW_IOC_LIMIT	_IOW('x', 2, u64)

static struct wsw_stats wsw_stats;
static u64 wsw_limit;
static DEFINE_SPINLOCK(wsw_lock);

static long wsw_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	struct wsw_stats snap;
	u64 limit;
	long ret = 0;

	switch (cmd) {
	case WSW_IOC_STATS:
		spin_lock(&wsw_lock);
		snap = wsw_stats;
		spin_unlock(&wsw_lock);
		if (copy_to_user(argp, &snap, sizeof(snap))) {
			ret = -EIO; /* expect: copy-user-wrong-errno */
			break;
		}
		break;
	case WSW_IOC_LIMIT:
		if (copy_from_user(&limit, argp, sizeof(limit))) {
			ret = -ENOMEM; /* expect: copy-user-wrong-errno */
			break;
		}
		wsw_limit = limit;
		break;
	default:
		ret = -ENOTTY;
		break;
	}
	return ret;
}

const struct file_operations wsw_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= wsw_ioctl,
	.llseek		= noop_llseek,
};
