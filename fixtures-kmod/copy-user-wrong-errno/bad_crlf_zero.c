// SPDX-License-Identifier: GPL-2.0
/*
 * wcrl: a scrub device (CRLF line endings on purpose).  The read fop
 * returns the remainder of copy_to_user() directly, and the scrub ioctl
 * maps a clear_user() fault to -ENOMEM.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct wcrl_region {
	void __user	*addr;
	u32		len;
};

#define WCRL_IOC_SCRUB	_IOW('C', 1, struct wcrl_region)

static const char wcrl_banner[] = "wcrl ready\n";

static ssize_t wcrl_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	if (count < sizeof(wcrl_banner))
		return -EINVAL;
	return copy_to_user(buf, wcrl_banner, sizeof(wcrl_banner)); /* expect: copy-user-wrong-errno */
}

static long wcrl_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct wcrl_region r;

	if (cmd != WCRL_IOC_SCRUB)
		return -ENOTTY;
	if (copy_from_user(&r, (void __user *)arg, sizeof(r)))
		return -EFAULT;
	if (clear_user(r.addr, r.len))
		return -ENOMEM; /* expect: copy-user-wrong-errno */
	return 0;
}

const struct file_operations wcrl_fops = {
	.owner		= THIS_MODULE,
	.read		= wcrl_read,
	.unlocked_ioctl	= wcrl_ioctl,
	.llseek		= noop_llseek,
};
