// SPDX-License-Identifier: GPL-2.0
/*
 * Pulse counter.  The handler counts and sets event bits; the ioctl reads
 * the count and resets it, and clears the bits it took with &=, all with
 * no lock: an increment or a bit set in the handler can be lost when it
 * lands between the ioctl's load and store.  Two findings: a reset of a
 * count and a bit-wise update are two different fixes.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/uaccess.h>
#include <linux/fs.h>

#define PULSE_EV_EDGE		0x1
#define PULSE_EV_OVERRUN	0x2
#define PULSE_IOC_TAKE		_IOR('p', 1, struct pulse_take)

struct pulse_take {
	unsigned int events;
	unsigned long edges;
};

static int pulse_irq = 5;
module_param(pulse_irq, int, 0444);

static unsigned int pulse_events;
static unsigned long pulse_count;

static irqreturn_t pulse_isr(int irq, void *dev_id)
{
	pulse_count++; /* expect: unlocked-shared-flag */
	pulse_events |= PULSE_EV_EDGE; /* expect: unlocked-shared-flag */
	if (pulse_count > 100000)
		pulse_events |= PULSE_EV_OVERRUN;
	return IRQ_HANDLED;
}

static long pulse_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pulse_take take;

	if (cmd != PULSE_IOC_TAKE)
		return -ENOTTY;
	take.events = pulse_events;
	pulse_events &= ~take.events;
	take.edges = pulse_count;
	pulse_count = 0;
	if (copy_to_user((void __user *)arg, &take, sizeof(take)))
		return -EFAULT;
	return 0;
}

static const struct file_operations pulse_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= pulse_ioctl,
};

static struct miscdevice pulse_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "pulse",
	.fops	= &pulse_fops,
};

static int __init pulse_init(void)
{
	int ret = request_irq(pulse_irq, pulse_isr, IRQF_TRIGGER_RISING, "pulse", NULL);

	if (ret)
		return ret;
	ret = misc_register(&pulse_misc);
	if (ret)
		free_irq(pulse_irq, NULL);
	return ret;
}

static void __exit pulse_exit(void)
{
	misc_deregister(&pulse_misc);
	free_irq(pulse_irq, NULL);
}

module_init(pulse_init);
module_exit(pulse_exit);
MODULE_LICENSE("GPL");
