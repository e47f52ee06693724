// SPDX-License-Identifier: GPL-2.0
/*
 * l1reg: register dump for a camera bridge.
 * Author's note (kept verbatim from the vendor): "registres défauts"
 * The comment above holds a raw Latin-1 byte, not UTF-8.
 */
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

#define L1REG_COUNT	8

struct l1reg_regs {
	u32 val[L1REG_COUNT];
};

#define L1REG_IOC_LOAD	_IOW('r', 1, struct l1reg_regs)
#define L1REG_IOC_DUMP	_IOR('r', 2, struct l1reg_regs)

static void __iomem *l1reg_base;

static long l1reg_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	struct l1reg_regs regs;
	int i;

	switch (cmd) {
	case L1REG_IOC_LOAD:
		if (!access_ok(argp, sizeof(regs)))
			return -EFAULT;
		__copy_from_user(&regs, /* expect: unchecked-copy-user */
				 argp,
				 sizeof(regs));
		for (i = 0; i < L1REG_COUNT; i++)
			writel(regs.val[i], l1reg_base + 4 * i);
		return 0;
	case L1REG_IOC_DUMP:
		for (i = 0; i < L1REG_COUNT; i++)
			regs.val[i] = readl(l1reg_base + 4 * i);
		return copy_to_user(argp, &regs, sizeof(regs)) ? -EFAULT : 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations l1reg_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= l1reg_ioctl,
	.llseek		= noop_llseek,
};
