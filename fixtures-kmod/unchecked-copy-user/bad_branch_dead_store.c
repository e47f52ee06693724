// SPDX-License-Identifier: GPL-2.0
/*
 * bdir: one helper moves a mailbox in either direction.  Both branches
 * store the copy status in 'left', which is never consulted.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

#define BDIR_MBOX_WORDS	16

struct bdir_mbox {
	u32 words[BDIR_MBOX_WORDS];
};

#define BDIR_IOC_READ	_IOR('b', 1, struct bdir_mbox)
#define BDIR_IOC_WRITE	_IOW('b', 2, struct bdir_mbox)

static struct bdir_mbox bdir_box;

static int bdir_xfer(void __user *uptr, int dir)
{
	unsigned long left;

	if (dir == READ)
		left = copy_to_user(uptr, &bdir_box, sizeof(bdir_box)); /* expect: unchecked-copy-user */
	else
		left = copy_from_user(&bdir_box, uptr, sizeof(bdir_box)); /* expect: unchecked-copy-user */

	return 0;
}

static long bdir_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case BDIR_IOC_READ:
		return bdir_xfer((void __user *)arg, READ);
	case BDIR_IOC_WRITE:
		return bdir_xfer((void __user *)arg, WRITE);
	default:
		return -ENOTTY;
	}
}

const struct file_operations bdir_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= bdir_ioctl,
	.llseek		= noop_llseek,
};
