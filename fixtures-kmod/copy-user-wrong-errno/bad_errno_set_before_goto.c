// SPDX-License-Identifier: GPL-2.0
/*
 * eprm: reads a calibration table.  On a fault of the user copy the error
 * code is set to -ENODATA and control jumps to the cleanup label, so the
 * caller is told "no data" instead of "bad address".
 */
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

struct eprm_table {
	u32 entries[16];
};

static int eprm_apply(const struct eprm_table *t)
{
	return t->entries[0] ? 0 : -EINVAL;
}

static long eprm_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct eprm_table *t;
	int rc;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	if (unlikely(copy_from_user(t, (void __user *)arg, sizeof(*t)))) {
		rc = -ENODATA; /* expect: copy-user-wrong-errno */
		goto free;
	}
	rc = eprm_apply(t);
free:
	kfree(t);
	return rc;
}

/* Near miss: the jump carries -EFAULT. */
static long eprm_compat_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct eprm_table *t;
	int rc;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	if (copy_from_user(t, compat_ptr(arg), sizeof(*t))) {
		rc = -EFAULT;
		goto free;
	}
	rc = eprm_apply(t);
free:
	kfree(t);
	return rc;
}

const struct file_operations eprm_fops = {
	.unlocked_ioctl	= eprm_ioctl,
	.compat_ioctl	= eprm_compat_ioctl,
};
