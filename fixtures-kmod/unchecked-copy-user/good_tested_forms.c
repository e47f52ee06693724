// SPDX-License-Identifier: GPL-2.0
/*
 * gtf: every user copy is tested, in the different ways drivers do it.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct gtf_params {
	u32 gain;
	u32 offset;
};

#define GTF_IOC_SET	_IOW('g', 1, struct gtf_params)
#define GTF_IOC_GET	_IOR('g', 2, struct gtf_params)
#define GTF_IOC_MODE	_IOW('g', 3, int)

static struct gtf_params gtf_cur;
static int gtf_mode;

static int gtf_set(const void __user *argp)
{
	struct gtf_params p;

	if (!copy_from_user(&p, argp, sizeof(p))) {
		gtf_cur = p;
		return 0;
	}
	return -EFAULT;
}

static long gtf_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case GTF_IOC_SET:
		return gtf_set(argp);
	case GTF_IOC_GET:
		if (copy_to_user(argp, &gtf_cur, sizeof(gtf_cur)) != 0)
			return -EFAULT;
		return 0;
	case GTF_IOC_MODE:
		if (get_user(gtf_mode, (int __user *)argp))
			return -EFAULT;
		return 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations gtf_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= gtf_ioctl,
	.llseek		= noop_llseek,
};
