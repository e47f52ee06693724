// SPDX-License-Identifier: GPL-2.0
/*
 * Fan-tachometer monitor.  The interrupt counts stalls and spin-ups in a
 * struct it reaches through a pointer, under the monitor's lock.  read()
 * snapshots and clears the counters under that lock and copies the
 * snapshot out after the unlock; the ioctl that clears them first and
 * then reports the (empty) struct starts a new round; and the copy into
 * the log struct is of another struct, which the handler never counts.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/spinlock.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/io.h>

#define TACHO_STATUS	0x2f8
#define TACHO_STALL	0x01
#define TACHO_SPINUP	0x02
#define TACHO_IOC_RESTART	_IOR('t', 1, struct tacho_counts)

struct tacho_counts {
	u32 stalls;
	u32 spinups;
};

struct tacho_log {
	u32 last_rpm;
	u32 samples;
};

static int tacho_irq = 21;
module_param(tacho_irq, int, 0444);

static DEFINE_SPINLOCK(tacho_lock);
static struct tacho_counts *tacho_seen;
static struct tacho_log *tacho_history;

static irqreturn_t tacho_isr(int irq, void *dev)
{
	u8 status = inb(TACHO_STATUS);

	spin_lock(&tacho_lock);
	if (status & TACHO_STALL)
		tacho_seen->stalls++;
	if (status & TACHO_SPINUP)
		tacho_seen->spinups++;
	spin_unlock(&tacho_lock);
	return IRQ_HANDLED;
}

static ssize_t tacho_read(struct file *f, char __user *buf, size_t len, loff_t *pos)
{
	struct tacho_counts snapshot;
	unsigned long flags;

	if (len < sizeof(snapshot))
		return -EINVAL;
	spin_lock_irqsave(&tacho_lock, flags);
	snapshot = *tacho_seen;
	memset(tacho_seen, 0, sizeof(*tacho_seen));
	spin_unlock_irqrestore(&tacho_lock, flags);
	if (copy_to_user(buf, &snapshot, sizeof(snapshot)))
		return -EFAULT;
	return sizeof(snapshot);
}

static long tacho_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct tacho_log *log = tacho_history;

	if (cmd != TACHO_IOC_RESTART)
		return -ENOTTY;
	/* a new measuring round: cleared first, whatever came before is dropped on purpose */
	memset(tacho_seen, 0, sizeof(*tacho_seen));
	log->samples = 0;
	if (copy_to_user((void __user *)arg, tacho_seen, sizeof(*tacho_seen)))
		return -EFAULT;
	return 0;
}

static const struct file_operations tacho_fops = {
	.owner		= THIS_MODULE,
	.read		= tacho_read,
	.unlocked_ioctl	= tacho_ioctl,
};

static struct miscdevice tacho_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "tacho",
	.fops	= &tacho_fops,
};

static int __init tacho_init(void)
{
	int ret;

	tacho_seen = kzalloc(sizeof(*tacho_seen), GFP_KERNEL);
	tacho_history = kzalloc(sizeof(*tacho_history), GFP_KERNEL);
	if (!tacho_seen || !tacho_history)
		return -ENOMEM;
	ret = request_irq(tacho_irq, tacho_isr, 0, "tacho", NULL);
	if (ret)
		return ret;
	return misc_register(&tacho_misc);
}

module_init(tacho_init);
MODULE_LICENSE("GPL");
