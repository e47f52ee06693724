// SPDX-License-Identifier: GPL-2.0
/*
 * svw: a sample-buffer character device built for two board revisions. The
 * legacy board (CONFIG_SVW_LEGACY_BOARD) has its own write path, and its own
 * ioctl prototype; both sides of each #ifdef open the same body, so neither
 * side alone is a whole construct.
 */
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/uaccess.h>

struct svw_dev {
	u8 buf[64];
	u8 legacy_buf[32];
	u32 gain;
	size_t used;
};

struct svw_gain {
	u32 channel;
	u32 gain;
};

#define SVW_IOC_GET_GAIN	_IOR('v', 1, struct svw_gain)

#ifndef CONFIG_SVW_LEGACY_BOARD
static ssize_t svw_write(struct file *file, const char __user *ubuf,
			 size_t len, loff_t *ppos)
{
	struct svw_dev *dev = file->private_data;

	len = min(len, sizeof(dev->buf));
	if (copy_from_user(dev->buf, ubuf, len))
		return -EFAULT;
#else
static ssize_t svw_write(struct file *file, const char __user *ubuf,
			 size_t len, loff_t *ppos)
{
	struct svw_dev *dev = file->private_data;

	len = min(len, sizeof(dev->legacy_buf));
	copy_from_user(dev->legacy_buf, ubuf, len); /* expect: unchecked-copy-user */
#endif
	dev->used = len;
	return len;
}

/* Two prototypes for one body: the body is common to both sides. */
#ifdef CONFIG_SVW_LEGACY_BOARD
static int svw_ioctl(struct inode *inode, struct file *file, unsigned int cmd,
		     unsigned long arg)
#else
static long svw_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
#endif
{
	struct svw_dev *dev = file->private_data;
	struct svw_gain g = { .channel = 0, .gain = dev->gain };

	if (cmd != SVW_IOC_GET_GAIN)
		return -ENOTTY;
	copy_to_user((void __user *)arg, &g, sizeof(g)); /* expect: unchecked-copy-user */
	return 0;
}

/* Both sides open the same block; each checks its copy. */
static long svw_set_gain(struct svw_dev *dev, const void __user *argp)
{
	struct svw_gain g;

#ifdef CONFIG_SVW_LEGACY_BOARD
	if (dev->used) {
		if (copy_from_user(&g, argp, sizeof(g)))
			return -EFAULT;
#else
	if (dev->used && !dev->gain) {
		if (copy_from_user(&g, argp, sizeof(g.channel) + sizeof(g.gain)))
			return -EFAULT;
#endif
		dev->gain = g.gain;
	}
	return 0;
}

static const struct file_operations svw_fops = {
	.owner		= THIS_MODULE,
	.write		= svw_write,
	.unlocked_ioctl	= svw_ioctl,
};
