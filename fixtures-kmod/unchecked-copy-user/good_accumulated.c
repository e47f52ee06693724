// SPDX-License-Identifier: GPL-2.0
/*
 * gacc: compat ioctl translating a 32-bit layout field by field, with the
 * classic "err |= __get_user(...)" accumulation.
 */
#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/uaccess.h>

struct gacc_cmd32 {
	u32		opcode;
	compat_uptr_t	buf;
	u32		len;
};

struct gacc_cmd {
	u32		opcode;
	void __user	*buf;
	u32		len;
};

static long gacc_exec(struct gacc_cmd *c)
{
	return c->opcode < 4 ? 0 : -EINVAL;
}

static long gacc_compat_ioctl(struct file *file, unsigned int cmd,
			      unsigned long arg)
{
	struct gacc_cmd32 __user *u = compat_ptr(arg);
	struct gacc_cmd c;
	compat_uptr_t ubuf;
	int err;

	if (!access_ok(u, sizeof(*u)))
		return -EFAULT;

	err = __get_user(c.opcode, &u->opcode);
	err |= __get_user(ubuf, &u->buf);
	err |= __get_user(c.len, &u->len);
	if (err)
		return -EFAULT;

	c.buf = compat_ptr(ubuf);
	return gacc_exec(&c);
}

const struct file_operations gacc_fops = {
	.owner		= THIS_MODULE,
	.compat_ioctl	= gacc_compat_ioctl,
	.llseek		= noop_llseek,
};
