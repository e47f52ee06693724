// SPDX-License-Identifier: GPL-2.0
/*
 * Frame grabber statistics kept in atomic types: the handler and the
 * ioctl share them with no lock and that is fine.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/refcount.h>
#include <linux/uaccess.h>
#include <linux/atomic.h>

#define FGRAB_IOC_STATS	_IOR('f', 2, struct fgrab_stats)

struct fgrab_stats {
	__u32 frames;
	__u64 bytes;
};

static int fgrab_irq = 21;
module_param(fgrab_irq, int, 0444);

static atomic_t fgrab_frames = ATOMIC_INIT(0);
static atomic64_t fgrab_bytes = ATOMIC64_INIT(0);
static refcount_t fgrab_busy = REFCOUNT_INIT(1);

static irqreturn_t fgrab_isr(int irq, void *dev)
{
	atomic_inc(&fgrab_frames);
	atomic64_add(4096, &fgrab_bytes);
	refcount_inc(&fgrab_busy);
	return IRQ_HANDLED;
}

static long fgrab_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct fgrab_stats st;

	if (cmd != FGRAB_IOC_STATS)
		return -ENOTTY;
	st.frames = atomic_xchg(&fgrab_frames, 0);
	st.bytes = atomic64_read(&fgrab_bytes);
	if (refcount_dec_not_one(&fgrab_busy))
		pr_debug("fgrab: a frame was consumed\n");
	if (copy_to_user((void __user *)arg, &st, sizeof(st)))
		return -EFAULT;
	return 0;
}

static const struct file_operations fgrab_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= fgrab_ioctl,
};

static struct miscdevice fgrab_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name  = "fgrab",
	.fops  = &fgrab_fops,
};

static int __init fgrab_init(void)
{
	int ret = request_irq(fgrab_irq, fgrab_isr, 0, "fgrab", NULL);

	if (ret)
		return ret;
	ret = misc_register(&fgrab_misc);
	if (ret)
		free_irq(fgrab_irq, NULL);
	return ret;
}

static void __exit fgrab_exit(void)
{
	misc_deregister(&fgrab_misc);
	free_irq(fgrab_irq, NULL);
}

module_init(fgrab_init);
module_exit(fgrab_exit);
MODULE_LICENSE("GPL");
