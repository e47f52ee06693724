// SPDX-License-Identifier: GPL-2.0
/*
 * hpsn: a static helper returns -EINVAL when its copy faults.  One caller
 * maps that to -EFAULT, the other returns it as it is: the -EINVAL
 * reaches userspace through hpsn_ioctl().
 */
#include <linux/fs.h>
#include <linux/uaccess.h>

struct hpsn_req {
	u32 reg;
	u32 val;
};

static int hpsn_get_req(struct hpsn_req *req, const void __user *src)
{
	if (copy_from_user(req, src, sizeof(*req)))
		return -EINVAL; /* expect: copy-user-wrong-errno */
	return req->reg < 64 ? 0 : -ERANGE;
}

static long hpsn_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct hpsn_req req;
	int ret;

	if (cmd == 1) {
		if (hpsn_get_req(&req, (void __user *)arg))
			return -EFAULT;
		return 0;
	}
	ret = hpsn_get_req(&req, (void __user *)arg);
	if (ret)
		return ret;
	return 0;
}

const struct file_operations hpsn_fops = {
	.unlocked_ioctl	= hpsn_ioctl,
};
