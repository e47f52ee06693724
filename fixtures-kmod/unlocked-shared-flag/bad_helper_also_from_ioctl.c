// SPDX-License-Identifier: GPL-2.0
/*
 * Near miss of good_helper_before_request.c: the helper that reports and
 * resets the count is also called from the ioctl, while the handler runs:
 * edges counted between its read and its reset are lost.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/fs.h>
#include <linux/uaccess.h>

static int hai_irq = 61;
module_param(hai_irq, int, 0444);

static unsigned int hai_edges;

static unsigned int hai_take_edges(void)
{
	unsigned int edges = hai_edges;

	hai_edges = 0;
	return edges;
}

static irqreturn_t hai_isr(int irq, void *dev)
{
	hai_edges++; /* expect: unlocked-shared-flag */
	return IRQ_HANDLED;
}

static long hai_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	return put_user(hai_take_edges(), (unsigned int __user *)arg);
}

static const struct file_operations hai_fops = {
	.unlocked_ioctl = hai_ioctl,
};

static int __init hai_init(void)
{
	hai_take_edges();
	return request_irq(hai_irq, hai_isr, 0, "hai", NULL);
}

module_init(hai_init);
MODULE_LICENSE("GPL");
