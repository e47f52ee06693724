// SPDX-License-Identifier: GPL-2.0
/*
 * wdlb: copies an array of descriptors in a loop; a fault in the middle
 * sets ret = -EINVAL and breaks out.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

#define WDLB_MAX_DESC	32

struct wdlb_desc {
	u64 addr;
	u32 len;
	u32 flags;
};

struct wdlb_batch {
	u32			count;
	struct wdlb_desc __user	*descs;
};

#define WDLB_IOC_QUEUE	_IOW('q', 7, struct wdlb_batch)

static struct wdlb_desc wdlb_ring[WDLB_MAX_DESC];

static long wdlb_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct wdlb_batch b;
	long ret = 0;
	u32 i;

	if (cmd != WDLB_IOC_QUEUE)
		return -ENOTTY;
	if (copy_from_user(&b, (void __user *)arg, sizeof(b)))
		return -EFAULT;
	if (b.count > WDLB_MAX_DESC)
		return -E2BIG;
	if (!access_ok(b.descs, b.count * sizeof(struct wdlb_desc)))
		return -EFAULT;

	for (i = 0; i < b.count; i++) {
		if (__copy_from_user(&wdlb_ring[i], &b.descs[i], sizeof(wdlb_ring[i]))) {
			ret = -EINVAL; /* expect: copy-user-wrong-errno */
			break;
		}
	}
	return ret;
}

const struct file_operations wdlb_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= wdlb_ioctl,
	.llseek		= noop_llseek,
};
