// SPDX-License-Identifier: GPL-2.0
/*
 * wneg: the copy is tested with '!', so the failure branch is the else
 * arm, which reports -EPERM.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct wneg_req {
	u32 op;
	u32 arg;
};

#define WNEG_IOC_REQ	_IOW('n', 5, struct wneg_req)

static u32 wneg_last_op;

static long wneg_submit(const struct wneg_req *r)
{
	if (r->op > 8)
		return -EINVAL;
	wneg_last_op = r->op;
	return 0;
}

static long wneg_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct wneg_req req;

	if (cmd != WNEG_IOC_REQ)
		return -ENOTTY;

	if (!copy_from_user(&req, (void __user *)arg, sizeof(req)))
		return wneg_submit(&req);
	else
		return -EPERM; /* expect: copy-user-wrong-errno */
}

const struct file_operations wneg_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= wneg_ioctl,
	.llseek		= noop_llseek,
};
