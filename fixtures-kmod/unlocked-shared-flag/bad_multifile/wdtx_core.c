// SPDX-License-Identifier: GPL-2.0
/* wdtx: character interface and set-up; the flag lives here. */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/uaccess.h>
#include <linux/io.h>
#include "wdtx.h"

#define WDTX_IOC_FIRED	_IOR('w', 7, int)

void __iomem *wdtx_base;
int wdtx_fired;

static int wdtx_irqno = 27;
module_param(wdtx_irqno, int, 0444);

static long wdtx_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	int fired;

	if (cmd != WDTX_IOC_FIRED)
		return -ENOTTY;
	fired = wdtx_fired;
	wdtx_fired = 0;
	return put_user(fired, (int __user *)arg);
}

static const struct file_operations wdtx_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= wdtx_ioctl,
};

static struct miscdevice wdtx_misc = {
	.minor = WATCHDOG_MINOR,
	.name  = "watchdog",
	.fops  = &wdtx_fops,
};

static int __init wdtx_init(void)
{
	int ret;

	wdtx_base = ioremap(0xfe300000, 0x20);
	if (!wdtx_base)
		return -ENOMEM;
	ret = request_irq(wdtx_irqno, wdtx_isr, 0, "wdtx", NULL);
	if (ret)
		goto unmap;
	ret = misc_register(&wdtx_misc);
	if (ret)
		goto irq;
	return 0;
irq:
	free_irq(wdtx_irqno, NULL);
unmap:
	iounmap(wdtx_base);
	return ret;
}

static void __exit wdtx_exit(void)
{
	misc_deregister(&wdtx_misc);
	free_irq(wdtx_irqno, NULL);
	iounmap(wdtx_base);
}

module_init(wdtx_init);
module_exit(wdtx_exit);
MODULE_LICENSE("GPL");
