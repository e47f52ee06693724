// SPDX-License-Identifier: GPL-2.0
/*
 * gmac: macros around user copies.  Definition lines are never findings,
 * and a same-file macro that tests its argument keeps the result alive.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

#define GMAC_CHECKED(x)		({ if (x) return -EFAULT; })
#define GMAC_PUSH(uptr, val)	copy_to_user(uptr, &(val), sizeof(val))
#define GMAC_PULL(val, uptr)					\
	do {							\
		if (copy_from_user(&(val), uptr, sizeof(val)))	\
			return -EFAULT;				\
	} while (0)
/* kept for the old ABI, no longer used: zero a user area unconditionally */
#define GMAC_LEGACY_ZAP(uptr, n)	do { clear_user(uptr, n); } while (0)

struct gmac_window {
	u32 start;
	u32 len;
};

#define GMAC_IOC_SETWIN	_IOW('m', 1, struct gmac_window)
#define GMAC_IOC_GETWIN	_IOR('m', 2, struct gmac_window)
#define GMAC_IOC_FLAGS	_IOW('m', 3, u32)

static struct gmac_window gmac_win;
static u32 gmac_flags;

static long gmac_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	struct gmac_window w;

	switch (cmd) {
	case GMAC_IOC_SETWIN:
		GMAC_PULL(w, argp);
		gmac_win = w;
		return 0;
	case GMAC_IOC_GETWIN:
		if (GMAC_PUSH(argp, gmac_win))
			return -EFAULT;
		return 0;
	case GMAC_IOC_FLAGS:
		GMAC_CHECKED(get_user(gmac_flags, (u32 __user *)argp));
		return 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations gmac_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= gmac_ioctl,
	.llseek		= noop_llseek,
};
