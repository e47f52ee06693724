// SPDX-License-Identifier: GPL-2.0
/*
 * GPIO expander.  The hard handler latches the status into a global and
 * wakes the thread; the thread function (process context) consumes and
 * clears it.  A second interrupt can overwrite the latch while the thread
 * is still reading it.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/io.h>

static int gpx_irq = 33;
module_param(gpx_irq, int, 0444);

static void __iomem *gpx_base;
static u32 gpx_pending;

static irqreturn_t gpx_hardirq(int irq, void *dev)
{
	gpx_pending = readl(gpx_base); /* expect: unlocked-shared-flag */
	if (!gpx_pending)
		return IRQ_NONE;
	writel(0, gpx_base);
	return IRQ_WAKE_THREAD;
}

static irqreturn_t gpx_thread(int irq, void *dev)
{
	u32 bits = gpx_pending;

	gpx_pending = 0;
	if (bits & 0xffff)
		pr_debug("gpx: lines %04x changed\n", bits & 0xffff);
	return IRQ_HANDLED;
}

static int __init gpx_init(void)
{
	int ret;

	gpx_base = ioremap(0xfe200000, 4);
	if (!gpx_base)
		return -ENOMEM;
	ret = request_threaded_irq(gpx_irq, gpx_hardirq, gpx_thread,
				   IRQF_SHARED, "gpx", &gpx_base);
	if (ret)
		iounmap(gpx_base);
	return ret;
}

static void __exit gpx_exit(void)
{
	free_irq(gpx_irq, &gpx_base);
	iounmap(gpx_base);
}

module_init(gpx_init);
module_exit(gpx_exit);
MODULE_LICENSE("GPL");
