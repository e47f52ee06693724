// SPDX-License-Identifier: GPL-2.0
/*
 * ndun: a frame grabber using the unchecked-range __copy_*_user()
 * variants after a single access_ok().  Both are tested for "< 0".
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

#define NDUN_LINES	32

struct ndun_frame {
	u32	seq;
	u16	line[NDUN_LINES];
};

#define NDUN_IOC_XCHG	_IOWR('D', 1, struct ndun_frame)

static struct ndun_frame ndun_cur;

static long ndun_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ndun_frame __user *uf = (struct ndun_frame __user *)arg;
	struct ndun_frame in;
	long ret;

	if (cmd != NDUN_IOC_XCHG)
		return -ENOTTY;
	if (!access_ok(uf, sizeof(*uf)))
		return -EFAULT;

	ret = __copy_from_user(&in, uf, sizeof(in));
	if (ret < 0) /* expect: copy-user-negative-check */
		return -EFAULT;
	if (in.seq != ndun_cur.seq + 1)
		return -EINVAL;

	if (__copy_to_user(uf, &ndun_cur, sizeof(ndun_cur)) < 0) /* expect: copy-user-negative-check */
		return -EFAULT;
	ndun_cur = in;
	return 0;
}

const struct file_operations ndun_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= ndun_ioctl,
	.llseek		= noop_llseek,
};
