// SPDX-License-Identifier: GPL-2.0
/* A suppression with a typo in the rule id suppresses nothing. */
#include <linux/fs.h>
#include <linux/uaccess.h>

struct sample_cfg {
	u32 mode;
	u32 rate;
};

static struct sample_cfg sample_state;

static long sample_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct sample_cfg cfg;

	/* kmodlint: ignore[unchecked-copy-usr] the typo keeps this from suppressing */ /* expect: invalid-suppression */
	copy_from_user(&cfg, (void __user *)arg, sizeof(cfg)); /* expect: unchecked-copy-user */
	sample_state = cfg;
	return 0;
}

static long sample_ioctl_empty(struct file *file, unsigned int cmd, unsigned long arg)
{
	u32 rate;

	if (get_user(rate, (u32 __user *)arg)) // kmodlint: ignore[] /* expect: invalid-suppression */
		return -EFAULT;
	sample_state.rate = rate;
	return 0;
}
