// SPDX-License-Identifier: GPL-2.0
/*
 * wcpt: the compat entry point, compiled only with CONFIG_COMPAT, turns
 * a fault on the 32-bit argument into -EINVAL.
 */
#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct wcpt_buf {
	void __user	*ptr;
	u32		len;
};

#ifdef CONFIG_COMPAT
struct wcpt_buf32 {
	compat_uptr_t	ptr;
	u32		len;
};
#endif

#define WCPT_IOC_SUBMIT		_IOW('c', 4, struct wcpt_buf)

static long wcpt_submit(const struct wcpt_buf *b)
{
	return (b->ptr && b->len) ? 0 : -EINVAL;
}

static long wcpt_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct wcpt_buf b;

	if (cmd != WCPT_IOC_SUBMIT)
		return -ENOTTY;
	if (copy_from_user(&b, (void __user *)arg, sizeof(b)))
		return -EFAULT;
	return wcpt_submit(&b);
}

#ifdef CONFIG_COMPAT
static long wcpt_compat_ioctl(struct file *file, unsigned int cmd,
			      unsigned long arg)
{
	struct wcpt_buf32 b32;
	struct wcpt_buf b;

	if (copy_from_user(&b32, compat_ptr(arg), sizeof(b32)))
		return -EINVAL; /* expect: copy-user-wrong-errno */
	b.ptr = compat_ptr(b32.ptr);
	b.len = b32.len;
	return wcpt_submit(&b);
}
#endif

const struct file_operations wcpt_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= wcpt_ioctl,
#ifdef CONFIG_COMPAT
	.compat_ioctl	= wcpt_compat_ioctl,
#endif
	.llseek		= noop_llseek,
};
