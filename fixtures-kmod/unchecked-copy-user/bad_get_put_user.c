// SPDX-License-Identifier: GPL-2.0
/*
 * gpu32: compat translation of a small request structure.  Each field
 * is fetched with __get_user()/__put_user() and nobody looks at the result.
 */
#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/uaccess.h>

struct gpu32_req32 {
	compat_uptr_t	data;
	u32		len;
	u32		flags;
};

struct gpu32_req {
	void __user	*data;
	u32		len;
	u32		flags;
};

static long gpu32_submit(struct gpu32_req *req);

static long gpu32_compat_ioctl(struct file *file, unsigned int cmd,
			       unsigned long arg)
{
	struct gpu32_req32 __user *ureq = compat_ptr(arg);
	struct gpu32_req req;
	compat_uptr_t data;
	long done;

	if (!access_ok(ureq, sizeof(*ureq)))
		return -EFAULT;

	__get_user(data, &ureq->data); /* expect: unchecked-copy-user */
	__get_user(req.len, &ureq->len); /* expect: unchecked-copy-user */
	__get_user(req.flags, &ureq->flags); /* expect: unchecked-copy-user */
	req.data = compat_ptr(data);

	done = gpu32_submit(&req);
	if (done < 0)
		return done;

	__put_user((u32)done, &ureq->len); /* expect: unchecked-copy-user */
	return 0;
}

static long gpu32_submit(struct gpu32_req *req)
{
	if (!req->len || req->flags > 3)
		return -EINVAL;
	return req->len;
}

const struct file_operations gpu32_fops = {
	.owner		= THIS_MODULE,
	.compat_ioctl	= gpu32_compat_ioctl,
	.llseek		= noop_llseek,
};
