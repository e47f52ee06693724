// SPDX-License-Identifier: GPL-2.0
/*
 * Hardware RNG.  The entropy accounting lives in a static helper that is
 * only ever called with the port lock held: from the handler under
 * spin_lock(), from the ioctl under spin_lock_irq().
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/io.h>

#define RNGX_IOC_DRAIN	_IOR('r', 1, u32)
#define RNGX_PORT	0x2e0

static int rngx_irq = 16;
module_param(rngx_irq, int, 0444);

static DEFINE_SPINLOCK(rngx_lock);
static u32 rngx_pool_bits;

/* caller holds rngx_lock */
static void rngx_account(int delta)
{
	if (delta < 0 && rngx_pool_bits < -delta)
		rngx_pool_bits = 0;
	else
		rngx_pool_bits += delta;
}

static irqreturn_t rngx_isr(int irq, void *dev)
{
	u32 fresh = inl(RNGX_PORT);

	spin_lock(&rngx_lock);
	rngx_account(hweight32(fresh));
	spin_unlock(&rngx_lock);
	return IRQ_HANDLED;
}

static long rngx_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	u32 had;

	if (cmd != RNGX_IOC_DRAIN)
		return -ENOTTY;
	spin_lock_irq(&rngx_lock);
	had = rngx_pool_bits;
	rngx_account(-(int)had);
	spin_unlock_irq(&rngx_lock);
	return put_user(had, (u32 __user *)arg);
}

static const struct file_operations rngx_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= rngx_ioctl,
};

static struct miscdevice rngx_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name  = "rngx",
	.fops  = &rngx_fops,
};

static int __init rngx_init(void)
{
	int ret = request_irq(rngx_irq, rngx_isr, 0, "rngx", NULL);

	if (ret)
		return ret;
	ret = misc_register(&rngx_misc);
	if (ret)
		free_irq(rngx_irq, NULL);
	return ret;
}

static void __exit rngx_exit(void)
{
	misc_deregister(&rngx_misc);
	free_irq(rngx_irq, NULL);
}

module_init(rngx_init);
module_exit(rngx_exit);
MODULE_LICENSE("GPL");
