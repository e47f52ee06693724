// SPDX-License-Identifier: GPL-2.0
/*
 * gret: small helpers that hand the copy result back to their caller,
 * which checks it.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct gret_info {
	u32 id;
	u32 caps;
};

#define GRET_IOC_INFO	_IOR('h', 1, struct gret_info)
#define GRET_IOC_GETID	_IOR('h', 2, u32)
#define GRET_IOC_SETID	_IOW('h', 3, u32)

static struct gret_info gret_dev = { .id = 7, .caps = 0x3 };

/* passes the "bytes not copied" count straight through */
static unsigned long gret_pull(void *dst, const void __user *src, size_t n)
{
	return copy_from_user(dst, src, n);
}

static int gret_fill_info(void __user *argp)
{
	return copy_to_user(argp, &gret_dev, sizeof(gret_dev));
}

static int gret_get_id(u32 __user *p)
{
	return put_user(gret_dev.id, p);
}

static long gret_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	u32 id;

	switch (cmd) {
	case GRET_IOC_INFO:
		if (gret_fill_info(argp))
			return -EFAULT;
		return 0;
	case GRET_IOC_GETID:
		return gret_get_id(argp);
	case GRET_IOC_SETID:
		if (gret_pull(&id, argp, sizeof(id)))
			return -EFAULT;
		gret_dev.id = id;
		return 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations gret_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= gret_ioctl,
	.llseek		= noop_llseek,
};
