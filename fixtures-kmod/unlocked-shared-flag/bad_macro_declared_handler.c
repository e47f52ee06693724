// SPDX-License-Identifier: GPL-2.0
/*
 * tdmcard.c -- telephony card, vendor style: every interrupt handler is
 * declared through the driver's own header macro, so the handler's name is
 * the macro's argument.  The frame counter is written by the handler and
 * polled by ioctl() without a lock.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/fs.h>
#include <linux/io.h>

#define TDM_IRQ_HANDLER(fn) static irqreturn_t fn(int irq, void *dev_id)
#define TDM_REG_STATUS 0x10

static void __iomem *tdm_regs;
static int tdm_irq = 11;
static int tdm_frames_ready;

TDM_IRQ_HANDLER(tdm_isr)
{
	if (!(readl(tdm_regs + TDM_REG_STATUS) & 1))
		return IRQ_NONE;
	tdm_frames_ready++; /* expect: unlocked-shared-flag */
	return IRQ_HANDLED;
}

static long tdm_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	if (!tdm_frames_ready)
		return -EAGAIN;
	tdm_frames_ready = 0;
	return 0;
}

static const struct file_operations tdm_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = tdm_ioctl,
};

static int __init tdm_init(void)
{
	int ret;

	tdm_regs = ioremap(0xfe000000, 0x100);
	if (!tdm_regs)
		return -ENOMEM;
	ret = register_chrdev(241, "tdm", &tdm_fops);
	if (ret < 0)
		goto unmap;
	ret = request_irq(tdm_irq, tdm_isr, IRQF_SHARED, "tdm", &tdm_fops);
	if (ret)
		goto unregister;
	return 0;
unregister:
	unregister_chrdev(241, "tdm");
unmap:
	iounmap(tdm_regs);
	return ret;
}

static void __exit tdm_exit(void)
{
	free_irq(tdm_irq, &tdm_fops);
	unregister_chrdev(241, "tdm");
	iounmap(tdm_regs);
}

module_init(tdm_init);
module_exit(tdm_exit);
MODULE_LICENSE("GPL");
