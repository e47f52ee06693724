// SPDX-License-Identifier: GPL-2.0
/*
 * Touch key controller.  The handler counts touches in the private
 * struct and defers reporting to a work item, which takes away what it
 * reported with a plain `-=`, no lock: the next touch can interrupt the
 * work between its load and store, and its increment is lost.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/workqueue.h>
#include <linux/io.h>

struct tkey_ctrl {
	void __iomem *base;
	struct work_struct report_work;
	unsigned int touches;
};

static irqreturn_t tkey_irq(int irq, void *dev_id)
{
	struct tkey_ctrl *tk = dev_id;

	writel(1, tk->base);			/* ack */
	tk->touches++; /* expect: unlocked-shared-flag */
	schedule_work(&tk->report_work);
	return IRQ_HANDLED;
}

static void tkey_report(struct work_struct *work)
{
	struct tkey_ctrl *tk = container_of(work, struct tkey_ctrl, report_work);
	unsigned int n = tk->touches;

	tk->touches -= n;
	pr_debug("tkey: %u touches\n", n);
}

static int tkey_probe(struct platform_device *pdev)
{
	struct tkey_ctrl *tk;
	int irq;

	tk = devm_kzalloc(&pdev->dev, sizeof(*tk), GFP_KERNEL);
	if (!tk)
		return -ENOMEM;
	tk->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(tk->base))
		return PTR_ERR(tk->base);
	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;
	INIT_WORK(&tk->report_work, tkey_report);
	platform_set_drvdata(pdev, tk);
	return devm_request_irq(&pdev->dev, irq, tkey_irq, 0, "tkey", tk);
}

static void tkey_remove(struct platform_device *pdev)
{
	struct tkey_ctrl *tk = platform_get_drvdata(pdev);

	disable_irq(platform_get_irq(pdev, 0));
	cancel_work_sync(&tk->report_work);
}

static struct platform_driver tkey_driver = {
	.probe	= tkey_probe,
	.remove	= tkey_remove,
	.driver	= { .name = "tkey" },
};
module_platform_driver(tkey_driver);
MODULE_LICENSE("GPL");
