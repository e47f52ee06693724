// SPDX-License-Identifier: GPL-2.0
/*
 * stat: a statistics ioctl that pushes counters through a helper macro.
 * The macro's put_user() is a statement of its own, so each use drops the
 * result; a reader sees only `stat_push(...)` at the use.
 */
#include <linux/fs.h>
#include <linux/uaccess.h>

static u32 stat_rx, stat_tx, stat_err;

#define stat_push(val, uptr)			\
	do {					\
		put_user(val, uptr);		\
		(uptr)++;			\
	} while (0)

/* Near miss: the value of this one is put_user()'s, and its use tests it. */
#define stat_put_one(val, uptr)	put_user(val, uptr)

/* Near miss: defined, never used. */
#define stat_zero(uptr)	do { put_user(0, uptr); } while (0)

static long stat_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	u32 __user *out = (u32 __user *)arg;

	if (cmd == 1) {
		stat_push(stat_rx, out); /* expect: unchecked-copy-user */
		stat_push(stat_tx, out); /* expect: unchecked-copy-user */
		return 0;
	}
	if (stat_put_one(stat_err, out))
		return -EFAULT;
	stat_put_one(stat_rx, out + 1); /* expect: unchecked-copy-user */
	return 0;
}

const struct file_operations stat_fops = {
	.unlocked_ioctl	= stat_ioctl,
};
