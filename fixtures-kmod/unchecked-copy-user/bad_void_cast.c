// SPDX-License-Identifier: GPL-2.0
/*
 * vcast: configuration ioctl for a fictional LED controller.  Someone
 * silenced the __must_check warning with a cast instead of handling it.
 */
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct vcast_cfg {
	u32 brightness;
	u32 blink_ms;
};

#define VCAST_IOC_SET	_IOW('v', 1, struct vcast_cfg)
#define VCAST_IOC_WIPE	_IOW('v', 2, u32)

static void __iomem *vcast_regs;

static long vcast_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	struct vcast_cfg cfg = { 0 };

	switch (cmd) {
	case VCAST_IOC_SET:
		(void)copy_from_user(&cfg, argp, sizeof(cfg)); /* expect: unchecked-copy-user */
		if (cfg.brightness > 255)
			return -EINVAL;
		writel(cfg.brightness, vcast_regs + 0x04);
		writel(cfg.blink_ms, vcast_regs + 0x08);
		return 0;
	case VCAST_IOC_WIPE:
		/* zero the caller's scratch area */
		(void) clear_user(argp, sizeof(u32)); /* expect: unchecked-copy-user */
		return 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations vcast_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= vcast_ioctl,
	.llseek		= noop_llseek,
};
