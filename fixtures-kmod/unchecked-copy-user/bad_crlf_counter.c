// SPDX-License-Identifier: GPL-2.0
/*
 * crlfc: an event counter device.  This file deliberately uses CRLF
 * line endings (it came from a vendor BSP that was edited on Windows).
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

struct crlfc_counts {
	u64 events;
	u64 overflows;
};

#define CRLFC_IOC_GET	_IOR('k', 1, struct crlfc_counts)
#define CRLFC_IOC_CLEAR	_IO('k', 2)

static struct crlfc_counts crlfc_counts;
static DEFINE_SPINLOCK(crlfc_lock);

static long crlfc_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct crlfc_counts snap;

	switch (cmd) {
	case CRLFC_IOC_GET:
		spin_lock(&crlfc_lock);
		snap = crlfc_counts;
		spin_unlock(&crlfc_lock);
		copy_to_user((void __user *)arg, &snap, sizeof(snap)); /* expect: unchecked-copy-user */
		return 0;
	case CRLFC_IOC_CLEAR:
		spin_lock(&crlfc_lock);
		crlfc_counts.events = 0;
		crlfc_counts.overflows = 0;
		spin_unlock(&crlfc_lock);
		return 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations crlfc_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= crlfc_ioctl,
	.llseek		= noop_llseek,
};
