// SPDX-License-Identifier: GPL-2.0
/*
 * wval: a PWM controller.  A user copy fault is reported as -EINVAL on
 * one path and as -EIO on another; the caller passed a bad pointer, so
 * it should get -EFAULT.
 */
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct wval_pwm {
	u32 period_ns;
	u32 duty_ns;
};

#define WVAL_IOC_SET	_IOW('P', 1, struct wval_pwm)
#define WVAL_IOC_GET	_IOR('P', 2, struct wval_pwm)

static void __iomem *wval_base;
static struct wval_pwm wval_cur;

static long wval_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	struct wval_pwm p;

	switch (cmd) {
	case WVAL_IOC_SET:
		if (copy_from_user(&p, argp, sizeof(p)))
			return -EINVAL; /* expect: copy-user-wrong-errno */
		if (p.duty_ns > p.period_ns)
			return -EINVAL;
		writel(p.period_ns, wval_base);
		writel(p.duty_ns, wval_base + 4);
		wval_cur = p;
		return 0;
	case WVAL_IOC_GET:
		if (copy_to_user(argp, &wval_cur, sizeof(wval_cur)) != 0) {
			pr_warn("wval: cannot report state\n");
			return -EIO; /* expect: copy-user-wrong-errno */
		}
		return 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations wval_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= wval_ioctl,
	.llseek		= noop_llseek,
};
