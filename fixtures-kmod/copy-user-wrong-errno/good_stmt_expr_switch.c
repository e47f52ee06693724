// SPDX-License-Identifier: GPL-2.0
/*
 * gses: statement expressions, typeof and a single-exit switch in which
 * every copy failure sets ret = -EFAULT before breaking out.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

#define GSES_COPY_OUT(uptr, obj) ({					\
	typeof(obj) __tmp = (obj);					\
	copy_to_user(uptr, &__tmp, sizeof(__tmp)) ? -EFAULT : 0;	\
})

struct gses_cfg {
	u32 window;
	u32 threshold;
};

#define GSES_IOC_GET	_IOR('j', 1, struct gses_cfg)
#define GSES_IOC_SET	_IOW('j', 2, struct gses_cfg)

static struct gses_cfg gses_cfg = { .window = 16, .threshold = 4 };

static long gses_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	struct gses_cfg c;
	long ret;

	switch (cmd) {
	case GSES_IOC_GET:
		ret = GSES_COPY_OUT(argp, gses_cfg);
		break;
	case GSES_IOC_SET:
		if (copy_from_user(&c, argp, sizeof(c))) {
			ret = -EFAULT;
			break;
		}
		ret = c.threshold > c.window ? -EINVAL : 0;
		if (!ret)
			gses_cfg = c;
		break;
	default:
		ret = -ENOTTY;
		break;
	}
	return ret;
}

const struct file_operations gses_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= gses_ioctl,
	.llseek		= noop_llseek,
};
