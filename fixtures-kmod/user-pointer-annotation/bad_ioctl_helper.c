// SPDX-License-Identifier: GPL-2.0
/*
 * qspi_ctl: ioctl interface of a QSPI flash controller. The helpers take the
 * user argument already converted to a pointer.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/mutex.h>

struct qspi_cfg {
	u32 clock_hz;
	u32 mode;
};

struct qspi_ctl {
	struct mutex lock;
	struct qspi_cfg cfg;
};

#define QSPI_IOC_GET_CFG	_IOR('q', 1, struct qspi_cfg)
#define QSPI_IOC_SET_CFG	_IOW('q', 2, struct qspi_cfg)

static int qspi_get_cfg(struct qspi_ctl *ctl, struct qspi_cfg *__user ucfg) /* expect: user-pointer-annotation */
{
	int ret = 0;

	mutex_lock(&ctl->lock);
	if (copy_to_user(ucfg, &ctl->cfg, sizeof(ctl->cfg)))
		ret = -EFAULT;
	mutex_unlock(&ctl->lock);
	return ret;
}

static int qspi_set_cfg(struct qspi_ctl *ctl, const struct qspi_cfg __user *ucfg)
{
	struct qspi_cfg cfg;

	if (copy_from_user(&cfg, ucfg, sizeof(cfg)))
		return -EFAULT;
	mutex_lock(&ctl->lock);
	ctl->cfg = cfg;
	mutex_unlock(&ctl->lock);
	return 0;
}

static long qspi_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct qspi_ctl *ctl = file->private_data;
	void * __user argp = (void __user *)arg; /* expect: user-pointer-annotation */

	switch (cmd) {
	case QSPI_IOC_GET_CFG:
		return qspi_get_cfg(ctl, argp);
	case QSPI_IOC_SET_CFG:
		return qspi_set_cfg(ctl, argp);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations qspi_ctl_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= qspi_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

MODULE_LICENSE("GPL");
