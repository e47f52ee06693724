// SPDX-License-Identifier: GPL-2.0
/*
 * Legacy keypad scanner.  The process-side accesses sit between
 * disable_irq()/enable_irq() or local_irq_save()/local_irq_restore(),
 * the forms this rule accepts as protection.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/uaccess.h>
#include <linux/irqflags.h>

#define KPAD_IOC_CLEAR	_IO('k', 0)

static int kpad_irq = 12;
module_param(kpad_irq, int, 0444);

static u16 kpad_last_key;
static unsigned int kpad_presses;

static irqreturn_t kpad_isr(int irq, void *dev)
{
	kpad_last_key = 0x1c;
	kpad_presses++;
	return IRQ_HANDLED;
}

static ssize_t kpad_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	unsigned long flags;
	u16 key;

	if (n < sizeof(key))
		return -EINVAL;
	local_irq_save(flags);
	key = kpad_last_key;
	kpad_last_key = 0;
	local_irq_restore(flags);
	if (copy_to_user(buf, &key, sizeof(key)))
		return -EFAULT;
	return sizeof(key);
}

static long kpad_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	if (cmd != KPAD_IOC_CLEAR)
		return -ENOTTY;
	disable_irq(kpad_irq);
	kpad_presses = 0;
	kpad_last_key = 0;
	enable_irq(kpad_irq);
	return 0;
}

static const struct file_operations kpad_fops = {
	.owner		= THIS_MODULE,
	.read		= kpad_read,
	.unlocked_ioctl	= kpad_ioctl,
};

static struct miscdevice kpad_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name  = "kpad",
	.fops  = &kpad_fops,
};

static int __init kpad_init(void)
{
	int ret = request_irq(kpad_irq, kpad_isr, 0, "kpad", NULL);

	if (ret)
		return ret;
	ret = misc_register(&kpad_misc);
	if (ret)
		free_irq(kpad_irq, NULL);
	return ret;
}

static void __exit kpad_exit(void)
{
	misc_deregister(&kpad_misc);
	free_irq(kpad_irq, NULL);
}

module_init(kpad_init);
module_exit(kpad_exit);
MODULE_LICENSE("GPL");
