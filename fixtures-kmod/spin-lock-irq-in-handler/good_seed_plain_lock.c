// SPDX-License-Identifier: GPL-2.0
/*
 * poke, fixed: process context takes the lock with spin_lock_irq(), the
 * handler -- where interrupts are already off -- with plain spin_lock().
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/io.h>

static DECLARE_WAIT_QUEUE_HEAD(pokeg_wq);
static DEFINE_SPINLOCK(pokeg_lock);
static int pokeg_done;
static int pokeg_irq = 7;
static void __iomem *pokeg_regs;
module_param(pokeg_irq, int, 0444);

static ssize_t pokeg_write(struct file *filp, const char __user *buf, size_t len, loff_t *off)
{
	int ret;

	spin_lock_irq(&pokeg_lock);
	pokeg_done = 0;
	spin_unlock_irq(&pokeg_lock);
	writel(1, pokeg_regs);

	ret = wait_event_interruptible(pokeg_wq, READ_ONCE(pokeg_done) != 0);
	if (ret)
		return ret;
	return len;
}

static irqreturn_t pokeg_handler(int irq, void *dev_id)
{
	/* spin_lock_irq() would re-enable interrupts on unlock: not here. */
	spin_lock(&pokeg_lock);
	pokeg_done = 1;
	spin_unlock(&pokeg_lock);
	wake_up_interruptible(&pokeg_wq);
	return IRQ_HANDLED;
}

static const struct file_operations pokeg_fops = {
	.owner	= THIS_MODULE,
	.write	= pokeg_write,
};

static struct miscdevice pokeg_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "pokeg",
	.fops	= &pokeg_fops,
};

static int __init pokeg_init(void)
{
	int ret;

	pokeg_regs = ioremap(0x40010000, 4);
	if (!pokeg_regs)
		return -ENOMEM;
	ret = request_irq(pokeg_irq, pokeg_handler, 0, "pokeg", NULL);
	if (ret)
		goto err_unmap;
	ret = misc_register(&pokeg_misc);
	if (ret)
		goto err_irq;
	return 0;

err_irq:
	free_irq(pokeg_irq, NULL);
err_unmap:
	iounmap(pokeg_regs);
	return ret;
}

static void __exit pokeg_exit(void)
{
	misc_deregister(&pokeg_misc);
	free_irq(pokeg_irq, NULL);
	iounmap(pokeg_regs);
}

module_init(pokeg_init);
module_exit(pokeg_exit);
MODULE_LICENSE("GPL");
