// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctl holds the lock across the whole loop; one branch drops it and
 * returns early, which does not end the locked region on the path that
 * goes on. The reset helper is only ever called with interrupts off.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/fs.h>

static int lal_irq = 62;
module_param(lal_irq, int, 0444);

static DEFINE_SPINLOCK(lal_lock);
static unsigned int lal_fill;
static unsigned int lal_resets;

static irqreturn_t lal_isr(int irq, void *dev)
{
	spin_lock(&lal_lock);
	lal_fill++;
	spin_unlock(&lal_lock);
	lal_resets++;
	return IRQ_HANDLED;
}

static void lal_reset(void)
{
	lal_resets = 0;
}

static long lal_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	unsigned long flags;
	int i;

	spin_lock_irqsave(&lal_lock, flags);
	for (i = 0; i < 4; i++) {
		if (arg & BIT(i)) {
			spin_unlock_irqrestore(&lal_lock, flags);
			return -EBUSY;
		}
		lal_fill -= min(lal_fill, 8u);
	}
	spin_unlock_irqrestore(&lal_lock, flags);

	local_irq_save(flags);
	lal_reset();
	local_irq_restore(flags);
	return 0;
}

static const struct file_operations lal_fops = {
	.unlocked_ioctl = lal_ioctl,
};

static int __init lal_init(void)
{
	return request_irq(lal_irq, lal_isr, 0, "lal", NULL);
}

module_init(lal_init);
MODULE_LICENSE("GPL");
