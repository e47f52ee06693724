// SPDX-License-Identifier: GPL-2.0
/*
 * mbox_chr: mailbox char device. Old 32-bit userspace passed the message
 * through a compat layout; the parameter type depends on the config.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/compat.h>

struct mbox_msg {
	u32 id;
	u32 len;
	u8 data[56];
};

struct mbox_msg32 {
	u32 id;
	u32 len;
	u8 data[56];
};

static int mbox_send(struct file *file,
#ifdef CONFIG_COMPAT
		     const struct mbox_msg32 * __user umsg, /* expect: user-pointer-annotation */
#else
		     const struct mbox_msg __user *umsg,
#endif
		     unsigned int flags)
{
	u32 len;

	if (get_user(len, &umsg->len))
		return -EFAULT;
	return len > 56 ? -EINVAL : 0;
}

static long mbox_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return mbox_send(file, (void __user *)arg, cmd & 0xff);
}

static const struct file_operations mbox_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= mbox_ioctl,
};

MODULE_LICENSE("GPL");
