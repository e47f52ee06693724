// SPDX-License-Identifier: GPL-2.0
/*
 * dmaxfer: scatter request from userspace. The kernel copy of the request
 * keeps the user pointers it was given; the ops table is shared with the
 * legacy front-end.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/slab.h>

struct dmaxfer_req {
	u32 nsegs;
	void * __user data;		/* expect: user-pointer-annotation */
	u32 __user *status;
};

struct dmaxfer_frontend_ops {
	ssize_t (*submit)(struct file *, const char * __user, size_t); /* expect: user-pointer-annotation */
	int (*cancel)(struct file *);
};

int dmaxfer_wait(struct dmaxfer_req *req, u32 * const __user done); /* expect: user-pointer-annotation */

static int dmaxfer_finish(struct dmaxfer_req *req, u32 status)
{
	if (put_user(status, req->status))
		return -EFAULT;
	return 0;
}

MODULE_LICENSE("GPL");
