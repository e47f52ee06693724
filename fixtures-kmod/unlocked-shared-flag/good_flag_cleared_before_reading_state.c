// SPDX-License-Identifier: GPL-2.0
/*
 * Lid switch.  request_any_context_irq() may give a hard-IRQ handler, so
 * the handler is treated as hard-IRQ code.  read() clears the flag and
 * then reads the switch itself: a change the handler flags in between is
 * still seen (in the flag, or in the state read after it).  Nothing is lost,
 * so nothing is reported, although no lock is taken.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/poll.h>
#include <linux/gpio/consumer.h>

static struct gpio_desc *lid_gpio;
static int lid_irq;
static bool lid_changed;
static DECLARE_WAIT_QUEUE_HEAD(lid_wait);

static irqreturn_t lid_isr(int irq, void *data)
{
	lid_changed = true;
	wake_up_interruptible(&lid_wait);
	return IRQ_HANDLED;
}

static __poll_t lid_poll(struct file *file, poll_table *wait)
{
	poll_wait(file, &lid_wait, wait);
	return lid_changed ? EPOLLIN | EPOLLRDNORM : 0;
}

static ssize_t lid_read(struct file *file, char __user *buf, size_t n, loff_t *pos)
{
	char c;

	if (!n)
		return 0;
	lid_changed = false;
	c = gpiod_get_value_cansleep(lid_gpio) ? '1' : '0';
	if (put_user(c, buf))
		return -EFAULT;
	return 1;
}

static const struct file_operations lid_fops = {
	.owner	= THIS_MODULE,
	.read	= lid_read,
	.poll	= lid_poll,
};

static struct miscdevice lid_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name  = "lid",
	.fops  = &lid_fops,
};

static int __init lid_init(void)
{
	int ret;

	lid_gpio = gpio_to_desc(42);
	if (!lid_gpio)
		return -ENODEV;
	lid_irq = gpiod_to_irq(lid_gpio);
	if (lid_irq < 0)
		return lid_irq;
	ret = request_any_context_irq(lid_irq, lid_isr,
				      IRQF_TRIGGER_RISING | IRQF_TRIGGER_FALLING,
				      "lid", NULL);
	if (ret < 0)
		return ret;
	ret = misc_register(&lid_misc);
	if (ret)
		free_irq(lid_irq, NULL);
	return ret;
}

static void __exit lid_exit(void)
{
	misc_deregister(&lid_misc);
	free_irq(lid_irq, NULL);
}

module_init(lid_init);
module_exit(lid_exit);
MODULE_LICENSE("GPL");
