// SPDX-License-Identifier: GPL-2.0
/*
 * nmac: the always-false comparison hides inside unlikely().
 */
#include <linux/compiler.h>
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct nmac_key {
	u8 slot;
	u8 key[16];
};

#define NMAC_IOC_LOAD_KEY	_IOW('K', 1, struct nmac_key)

static struct nmac_key nmac_keys[4];

static long nmac_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct nmac_key k;

	if (cmd != NMAC_IOC_LOAD_KEY)
		return -ENOTTY;

	if (unlikely(copy_from_user(&k, (void __user *)arg, sizeof(k)) < 0)) /* expect: copy-user-negative-check */
		return -EFAULT;
	if (k.slot >= ARRAY_SIZE(nmac_keys))
		return -EINVAL;

	nmac_keys[k.slot] = k;
	memset(&k, 0, sizeof(k));
	return 0;
}

const struct file_operations nmac_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= nmac_ioctl,
	.llseek		= noop_llseek,
};
