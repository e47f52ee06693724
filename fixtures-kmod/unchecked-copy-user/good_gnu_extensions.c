// SPDX-License-Identifier: GPL-2.0
/*
 * ggnu: GNU C extensions around checked copies: statement expressions,
 * typeof, attributes and a __must_check helper.
 */
#include <linux/compiler.h>
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct ggnu_limits {
	u32 lo;
	u32 hi;
} __packed;

#define GGNU_IOC_SET	_IOW('n', 1, struct ggnu_limits)
#define GGNU_IOC_GET	_IOR('n', 2, struct ggnu_limits)

static struct ggnu_limits ggnu_cur __attribute__((aligned(8)));

static __must_check int ggnu_fetch(struct ggnu_limits *dst, const void __user *src)
{
	typeof(*dst) tmp;

	if (copy_from_user(&tmp, src, sizeof(tmp)))
		return -EFAULT;
	*dst = tmp;
	return 0;
}

static long ggnu_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	struct ggnu_limits l;
	int ret;

	switch (cmd) {
	case GGNU_IOC_SET:
		ret = ggnu_fetch(&l, argp);
		if (ret)
			return ret;
		if (l.lo > l.hi)
			return -EINVAL;
		ggnu_cur = l;
		return 0;
	case GGNU_IOC_GET:
		ret = ({
			unsigned long __left = copy_to_user(argp, &ggnu_cur, sizeof(ggnu_cur));
			__left ? -EFAULT : 0;
		});
		return ret;
	default:
		return -ENOTTY;
	}
}

const struct file_operations ggnu_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= ggnu_ioctl,
	.llseek		= noop_llseek,
};
