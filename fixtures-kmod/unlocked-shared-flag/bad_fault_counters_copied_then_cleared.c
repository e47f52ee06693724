// SPDX-License-Identifier: GPL-2.0
/*
 * Power-rail monitor.  The interrupt counts each kind of fault in a
 * struct it reaches through a pointer, under the monitor's lock; read()
 * hands the whole struct to user space and clears it with memset()
 * without that lock, so a fault counted between the copy and the clear
 * is gone.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/spinlock.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/io.h>

#define RAILMON_STATUS	0x3f0
#define RAILMON_OVER	0x01
#define RAILMON_UNDER	0x02

struct railmon_faults {
	u32 over_voltage;
	u32 under_voltage;
};

static int railmon_irq = 19;
module_param(railmon_irq, int, 0444);

static DEFINE_SPINLOCK(railmon_lock);
static DEFINE_MUTEX(railmon_mutex);
static struct railmon_faults *railmon_seen;

static irqreturn_t railmon_isr(int irq, void *dev)
{
	u8 status = inb(RAILMON_STATUS);

	spin_lock(&railmon_lock);
	if (status & RAILMON_OVER)
		railmon_seen->over_voltage++; /* expect: unlocked-shared-flag */
	if (status & RAILMON_UNDER)
		railmon_seen->under_voltage++;
	spin_unlock(&railmon_lock);
	return IRQ_HANDLED;
}

static ssize_t railmon_read(struct file *f, char __user *buf, size_t len, loff_t *pos)
{
	if (len < sizeof(struct railmon_faults))
		return -EINVAL;
	mutex_lock(&railmon_mutex);
	if (copy_to_user(buf, railmon_seen, sizeof(struct railmon_faults))) {
		mutex_unlock(&railmon_mutex);
		return -EFAULT;
	}
	memset(railmon_seen, 0, sizeof(struct railmon_faults));
	mutex_unlock(&railmon_mutex);
	return sizeof(struct railmon_faults);
}

static const struct file_operations railmon_fops = {
	.owner	= THIS_MODULE,
	.read	= railmon_read,
};

static struct miscdevice railmon_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "railmon",
	.fops	= &railmon_fops,
};

static int __init railmon_init(void)
{
	int ret;

	railmon_seen = kmalloc(sizeof(*railmon_seen), GFP_KERNEL);
	if (!railmon_seen)
		return -ENOMEM;
	/* before the interrupt is requested: nothing counts yet */
	memset(railmon_seen, 0, sizeof(*railmon_seen));
	ret = request_irq(railmon_irq, railmon_isr, 0, "railmon", NULL);
	if (ret) {
		kfree(railmon_seen);
		return ret;
	}
	return misc_register(&railmon_misc);
}

module_init(railmon_init);
MODULE_LICENSE("GPL");
