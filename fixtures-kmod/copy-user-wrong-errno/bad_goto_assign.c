// SPDX-License-Identifier: GPL-2.0
/*
 * wgto: downloads a microcode blob.  The failure branch of the copy sets
 * ret = -EINVAL before jumping to the cleanup label.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

struct wgto_ucode {
	u32			size;
	const void __user	*data;
};

#define WGTO_IOC_LOAD	_IOW('g', 9, struct wgto_ucode)
#define WGTO_MAX_SIZE	(256 * 1024)

static DEFINE_MUTEX(wgto_lock);

static int wgto_flash(const void *img, u32 size)
{
	return size & 3 ? -EINVAL : 0;
}

static long wgto_load(const void __user *argp)
{
	struct wgto_ucode uc;
	void *img;
	long ret;

	if (copy_from_user(&uc, argp, sizeof(uc)))
		return -EFAULT;
	if (!uc.size || uc.size > WGTO_MAX_SIZE)
		return -EINVAL;

	img = kmalloc(uc.size, GFP_KERNEL);
	if (!img)
		return -ENOMEM;

	mutex_lock(&wgto_lock);
	if (copy_from_user(img, uc.data, uc.size)) {
		ret = -EINVAL; /* expect: copy-user-wrong-errno */
		goto out_unlock;
	}
	ret = wgto_flash(img, uc.size);

out_unlock:
	mutex_unlock(&wgto_lock);
	kfree(img);
	return ret;
}

static long wgto_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	if (cmd != WGTO_IOC_LOAD)
		return -ENOTTY;
	return wgto_load((const void __user *)arg);
}

const struct file_operations wgto_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= wgto_ioctl,
	.llseek		= noop_llseek,
};
