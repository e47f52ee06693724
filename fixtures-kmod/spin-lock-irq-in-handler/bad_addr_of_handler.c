// SPDX-License-Identifier: GPL-2.0
/*
 * Old-style watchdog: the interrupt only fires for timer 0, and stops it.
 * The handler is registered by address (&wdt_interrupt).
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/watchdog.h>
#include <linux/fs.h>
#include <linux/io.h>

struct wdt_timer {
	spinlock_t lock;
	void __iomem *regs;
	int irq;
	unsigned int expired;
};

static struct wdt_timer wdt0;

static void wdt_stop(struct wdt_timer *t)
{
	writel(0, t->regs + 0x4);
}

static irqreturn_t wdt_interrupt(int irq, void *dev_id)
{
	struct wdt_timer *t = dev_id;

	spin_lock_irq(&t->lock); /* expect: spin-lock-irq-in-handler */
	wdt_stop(t);
	t->expired++;
	spin_unlock_irq(&t->lock);
	return IRQ_HANDLED;
}

static long wdt_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	unsigned int n;

	if (cmd != WDIOC_GETSTATUS)
		return -ENOTTY;
	spin_lock_irq(&wdt0.lock);
	n = wdt0.expired;
	spin_unlock_irq(&wdt0.lock);
	return put_user(n, (unsigned int __user *)arg);
}

static const struct file_operations wdt_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= wdt_ioctl,
};

static struct miscdevice wdt_miscdev = {
	.minor	= WATCHDOG_MINOR,
	.name	= "watchdog",
	.fops	= &wdt_fops,
};

static int __init wdt_init(void)
{
	int ret;

	spin_lock_init(&wdt0.lock);
	wdt0.regs = ioremap(0x1ff00000, 0x10);
	if (!wdt0.regs)
		return -ENOMEM;
	wdt0.irq = 12;
	ret = request_irq(wdt0.irq, &wdt_interrupt, IRQF_SHARED, "watchdog", &wdt0);
	if (ret)
		goto out_unmap;
	ret = misc_register(&wdt_miscdev);
	if (ret)
		goto out_irq;
	return 0;

out_irq:
	free_irq(wdt0.irq, &wdt0);
out_unmap:
	iounmap(wdt0.regs);
	return ret;
}

static void __exit wdt_exit(void)
{
	misc_deregister(&wdt_miscdev);
	free_irq(wdt0.irq, &wdt0);
	iounmap(wdt0.regs);
}

module_init(wdt_init);
module_exit(wdt_exit);
MODULE_LICENSE("GPL");
