// SPDX-License-Identifier: GPL-2.0
/*
 * The handler updates the byte count under its lock, but read() hands
 * the count out and resets it without taking that lock.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/fs.h>

static int hln_irq = 63;
module_param(hln_irq, int, 0444);

static DEFINE_SPINLOCK(hln_lock);
static unsigned long hln_bytes;

static irqreturn_t hln_isr(int irq, void *dev)
{
	spin_lock(&hln_lock);
	hln_bytes += 64; /* expect: unlocked-shared-flag */
	spin_unlock(&hln_lock);
	return IRQ_HANDLED;
}

static ssize_t hln_read(struct file *f, char __user *buf, size_t len, loff_t *pos)
{
	unsigned long bytes = hln_bytes;

	hln_bytes = 0;
	if (len < sizeof(bytes))
		return -EINVAL;
	return copy_to_user(buf, &bytes, sizeof(bytes)) ? -EFAULT : sizeof(bytes);
}

static const struct file_operations hln_fops = {
	.read = hln_read,
};

static int __init hln_init(void)
{
	return request_irq(hln_irq, hln_isr, 0, "hln", NULL);
}

module_init(hln_init);
MODULE_LICENSE("GPL");
