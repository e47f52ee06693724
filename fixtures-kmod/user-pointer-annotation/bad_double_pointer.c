// SPDX-License-Identifier: GPL-2.0
/*
 * vbuf_ioctl: userspace hands over an array of buffer pointers. The array
 * lives in user space, and so do the buffers.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/uaccess.h>

struct vbuf_batch {
	u32 count;
	void __user * __user *bufs;
};

static int vbuf_first(struct vbuf_batch *batch, void __user * __user first) /* expect: user-pointer-annotation */
{
	void __user *p;

	if (get_user(p, batch->bufs))
		return -EFAULT;
	return p == first ? 0 : -EINVAL;
}

static int vbuf_names(const char ** __user names, unsigned int n) /* expect: user-pointer-annotation */
{
	return n ? 0 : -EINVAL;
}

MODULE_LICENSE("GPL");
