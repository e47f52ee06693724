// SPDX-License-Identifier: GPL-2.0
/*
 * poke: write() arms the device and sleeps until the interrupt says the
 * operation is done.  The flag is protected the "obvious" way, with
 * spin_lock_irq() on both sides -- and the handler's spin_unlock_irq()
 * switches interrupts back on inside the handler.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/io.h>

static DECLARE_WAIT_QUEUE_HEAD(poke_wq);
static DEFINE_SPINLOCK(poke_lock);
static int poke_done;
static int poke_irq = 7;
static void __iomem *poke_regs;
module_param(poke_irq, int, 0444);

static ssize_t poke_write(struct file *filp, const char __user *buf, size_t len, loff_t *off)
{
	int ret;

	spin_lock_irq(&poke_lock);
	poke_done = 0;
	spin_unlock_irq(&poke_lock);
	writel(1, poke_regs);

	ret = wait_event_interruptible(poke_wq, READ_ONCE(poke_done) != 0);
	if (ret)
		return ret;
	return len;
}

static irqreturn_t poke_handler(int irq, void *dev_id)
{
	spin_lock_irq(&poke_lock); /* expect: spin-lock-irq-in-handler */
	poke_done = 1;
	spin_unlock_irq(&poke_lock);
	wake_up_interruptible(&poke_wq);
	return IRQ_HANDLED;
}

static const struct file_operations poke_fops = {
	.owner	= THIS_MODULE,
	.write	= poke_write,
};

static struct miscdevice poke_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "poke",
	.fops	= &poke_fops,
};

static int __init poke_init(void)
{
	int ret;

	poke_regs = ioremap(0x40010000, 4);
	if (!poke_regs)
		return -ENOMEM;
	ret = request_irq(poke_irq, poke_handler, 0, "poke", NULL);
	if (ret)
		goto err_unmap;
	ret = misc_register(&poke_misc);
	if (ret)
		goto err_irq;
	return 0;

err_irq:
	free_irq(poke_irq, NULL);
err_unmap:
	iounmap(poke_regs);
	return ret;
}

static void __exit poke_exit(void)
{
	misc_deregister(&poke_misc);
	free_irq(poke_irq, NULL);
	iounmap(poke_regs);
}

module_init(poke_init);
module_exit(poke_exit);
MODULE_LICENSE("GPL");
