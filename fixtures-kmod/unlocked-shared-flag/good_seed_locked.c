// SPDX-License-Identifier: GPL-2.0
/*
 * The locked answer to the same question: spin_lock_irq() around the
 * clear in write(), spin_lock_irqsave() around the set in the handler.
 * The wait_event condition still reads the flag without the lock, which
 * wake_up/wait_event make safe.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/io.h>
#include <linux/fs.h>

static int poke_irq = 11;
module_param(poke_irq, int, 0444);

static void __iomem *poke_regs;
static DECLARE_WAIT_QUEUE_HEAD(poke_wq);
static int interrupt_flag = 0;
static DEFINE_SPINLOCK(poke_lock);

static ssize_t poke_write(struct file *filp, const char __user *buf,
			  size_t len, loff_t *off)
{
	spin_lock_irq(&poke_lock);
	interrupt_flag = 0;
	spin_unlock_irq(&poke_lock);

	writel(1, poke_regs);
	if (wait_event_interruptible(poke_wq, interrupt_flag != 0))
		return -ERESTARTSYS;
	return len;
}

static irqreturn_t poke_handler(int irq, void *dev_id)
{
	unsigned long flags;

	spin_lock_irqsave(&poke_lock, flags);
	interrupt_flag = 1;
	spin_unlock_irqrestore(&poke_lock, flags);
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

	poke_regs = ioremap(0xfe002000, 0x100);
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
