// SPDX-License-Identifier: GPL-2.0
/*
 * pbrk: a filter table behind an ioctl.  ret is preset to -EINVAL for
 * unknown commands; a faulting copy just breaks out of the switch, so the
 * preset is what userspace gets for a bad pointer.
 */
#include <linux/fs.h>
#include <linux/uaccess.h>

struct pbrk_rule {
	u16 proto;
	u16 port;
};

static struct pbrk_rule pbrk_rules[8];
static unsigned int pbrk_count;

static long pbrk_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct pbrk_rule r;
	long ret = -EINVAL; /* expect: copy-user-wrong-errno */

	switch (cmd) {
	case 1:
		if (copy_from_user(&r, (void __user *)arg, sizeof(r)))
			break;
		if (pbrk_count == 8) {
			ret = -ENOSPC;
			break;
		}
		pbrk_rules[pbrk_count++] = r;
		ret = 0;
		break;
	case 2:
		pbrk_count = 0;
		ret = 0;
		break;
	}
	return ret;
}

/* Near miss: the preset is -EFAULT and the loop jumps to the exit with it. */
static long pbrk_load_all(const struct pbrk_rule __user *src, unsigned int n)
{
	long ret = -EFAULT;
	unsigned int i;

	for (i = 0; i < n && i < 8; i++) {
		if (copy_from_user(&pbrk_rules[i], &src[i], sizeof(pbrk_rules[i])))
			goto out;
	}
	pbrk_count = i;
	ret = 0;
out:
	return ret;
}

static long pbrk_compat_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return pbrk_load_all(compat_ptr(arg), 8);
}

const struct file_operations pbrk_fops = {
	.unlocked_ioctl	= pbrk_ioctl,
	.compat_ioctl	= pbrk_compat_ioctl,
};
