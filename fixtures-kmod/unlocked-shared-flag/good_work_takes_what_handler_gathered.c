// SPDX-License-Identifier: GPL-2.0
/*
 * Error reporting.  The handler disables the error interrupt, ORs the
 * causes it found into err_state and queues the error work; the work
 * reads err_state, resets it and only then enables the error interrupt
 * again.  The device, not a lock, keeps the handler out while the work
 * takes the causes: work the handler itself schedules is not reported
 * for a read-then-reset, nor for clearing a bit with &=.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/workqueue.h>
#include <linux/io.h>

#define ERS_INT_EN	0x00
#define ERS_FIFO	0x04
#define ERS_PHY		0x08

struct ers_host {
	void __iomem *regs;
	struct work_struct err_work;
	u32 err_state;
};

static irqreturn_t ers_irq(int irq, void *data)
{
	struct ers_host *host = data;

	writel(0, host->regs + ERS_INT_EN);
	if (readl(host->regs + ERS_FIFO))
		host->err_state |= BIT(0);
	if (readl(host->regs + ERS_PHY))
		host->err_state |= BIT(1);
	schedule_work(&host->err_work);
	return IRQ_HANDLED;
}

static void ers_err_work(struct work_struct *work)
{
	struct ers_host *host = container_of(work, struct ers_host, err_work);
	u32 state = host->err_state;

	if (state & BIT(1)) {
		pr_warn("ers: PHY error\n");
		host->err_state &= ~BIT(1);
	}
	host->err_state = 0;
	writel(1, host->regs + ERS_INT_EN);
}

static int ers_probe(struct platform_device *pdev)
{
	struct ers_host *host = devm_kzalloc(&pdev->dev, sizeof(*host), GFP_KERNEL);

	if (!host)
		return -ENOMEM;
	host->regs = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(host->regs))
		return PTR_ERR(host->regs);
	INIT_WORK(&host->err_work, ers_err_work);
	return devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), ers_irq, 0, "ers", host);
}

static struct platform_driver ers_driver = {
	.probe = ers_probe,
	.driver = { .name = "ers" },
};
module_platform_driver(ers_driver);
MODULE_LICENSE("GPL");
