// SPDX-License-Identifier: GPL-2.0
/*
 * "Do I need a spinlock here?"  A write() kicks the device and sleeps
 * until the completion interrupt sets the flag.  No lock on either side,
 * and none needed: write() resets the flag before it starts the device,
 * and wake_up/wait_event give the barriers.  Not reported.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/wait.h>
#include <linux/io.h>
#include <linux/fs.h>

static int kick_irq = 10;
module_param(kick_irq, int, 0444);

static void __iomem *kick_regs;
static DECLARE_WAIT_QUEUE_HEAD(kick_wq);
static int interrupt_flag = 0;

static ssize_t kick_write(struct file *filp, const char __user *buf,
			  size_t len, loff_t *off)
{
	interrupt_flag = 0;
	writel(1, kick_regs);		/* start the operation */
	if (wait_event_interruptible(kick_wq, interrupt_flag != 0))
		return -ERESTARTSYS;
	return len;
}

static irqreturn_t kick_handler(int irq, void *dev_id)
{
	interrupt_flag = 1;
	wake_up_interruptible(&kick_wq);
	return IRQ_HANDLED;
}

static const struct file_operations kick_fops = {
	.owner	= THIS_MODULE,
	.write	= kick_write,
};

static struct miscdevice kick_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "kick",
	.fops	= &kick_fops,
};

static int __init kick_init(void)
{
	int ret;

	kick_regs = ioremap(0xfe001000, 0x100);
	if (!kick_regs)
		return -ENOMEM;
	ret = request_irq(kick_irq, kick_handler, 0, "kick", NULL);
	if (ret)
		goto err_unmap;
	ret = misc_register(&kick_misc);
	if (ret)
		goto err_irq;
	return 0;

err_irq:
	free_irq(kick_irq, NULL);
err_unmap:
	iounmap(kick_regs);
	return ret;
}

static void __exit kick_exit(void)
{
	misc_deregister(&kick_misc);
	free_irq(kick_irq, NULL);
	iounmap(kick_regs);
}

module_init(kick_init);
module_exit(kick_exit);
MODULE_LICENSE("GPL");
