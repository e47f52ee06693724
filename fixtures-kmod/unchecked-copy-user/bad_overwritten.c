// SPDX-License-Identifier: GPL-2.0
/*
 * ovw: writes a register window supplied by user space.  The copy status
 * is overwritten by the hardware status before anyone reads it.
 */
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct ovw_window {
	u32 offset;
	u32 value;
};

#define OVW_IOC_POKE	_IOW('o', 3, struct ovw_window)
#define OVW_REG_LIMIT	0x100

static void __iomem *ovw_base;

static int ovw_apply(const struct ovw_window *w)
{
	if (w->offset >= OVW_REG_LIMIT || (w->offset & 3))
		return -EINVAL;
	writel(w->value, ovw_base + w->offset);
	return 0;
}

static long ovw_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ovw_window win;
	int ret;

	switch (cmd) {
	case OVW_IOC_POKE:
		ret = copy_from_user(&win, (void __user *)arg, sizeof(win)); /* expect: unchecked-copy-user */
		ret = ovw_apply(&win);
		break;
	default:
		ret = -ENOTTY;
		break;
	}
	return ret;
}

const struct file_operations ovw_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= ovw_ioctl,
	.llseek		= noop_llseek,
};
