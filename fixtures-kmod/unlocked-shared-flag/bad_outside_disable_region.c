// SPDX-License-Identifier: GPL-2.0
/*
 * Overcurrent monitor.  The reset ioctl is careful (disable_irq around
 * the clear), but read() reads and resets the counter outside any
 * protection, so the variable is still reported.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/uaccess.h>

#define OCM_IOC_RESET	_IO('o', 1)

static int ocm_irq = 19;
module_param(ocm_irq, int, 0444);

static unsigned int ocm_trips;

static irqreturn_t ocm_isr(int irq, void *dev)
{
	ocm_trips++; /* expect: unlocked-shared-flag */
	return IRQ_HANDLED;
}

static long ocm_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	if (cmd != OCM_IOC_RESET)
		return -ENOTTY;
	disable_irq(ocm_irq);
	ocm_trips = 0;
	enable_irq(ocm_irq);
	return 0;
}

static ssize_t ocm_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	unsigned int trips = ocm_trips;

	if (n < sizeof(trips))
		return -EINVAL;
	ocm_trips = 0;	/* read and reset: trips counted in between are lost */
	if (copy_to_user(buf, &trips, sizeof(trips)))
		return -EFAULT;
	return sizeof(trips);
}

static const struct file_operations ocm_fops = {
	.owner		= THIS_MODULE,
	.read		= ocm_read,
	.unlocked_ioctl	= ocm_ioctl,
};

static struct miscdevice ocm_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name  = "ocm",
	.fops  = &ocm_fops,
};

static int __init ocm_init(void)
{
	int ret = request_irq(ocm_irq, ocm_isr, 0, "ocm", NULL);

	if (ret)
		return ret;
	ret = misc_register(&ocm_misc);
	if (ret)
		free_irq(ocm_irq, NULL);
	return ret;
}

static void __exit ocm_exit(void)
{
	misc_deregister(&ocm_misc);
	free_irq(ocm_irq, NULL);
}

module_init(ocm_init);
module_exit(ocm_exit);
MODULE_LICENSE("GPL");
