// SPDX-License-Identifier: GPL-2.0
/*
 * Mailbox: bit operations for the event mask, WRITE_ONCE/READ_ONCE for
 * the last command word, release/acquire for the sequence number.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/bitops.h>
#include <linux/workqueue.h>
#include <linux/io.h>

#define MBX_EV_RX	0
#define MBX_EV_TX	1

struct mbx_port {
	void __iomem *base;
	unsigned long events;
	u32 last_cmd;
	u32 seq;
	struct work_struct work;
};

static irqreturn_t mbx_irq(int irq, void *dev_id)
{
	struct mbx_port *mp = dev_id;

	WRITE_ONCE(mp->last_cmd, readl(mp->base));
	set_bit(MBX_EV_RX, &mp->events);
	smp_store_release(&mp->seq, mp->seq + 1);
	schedule_work(&mp->work);
	return IRQ_HANDLED;
}

static void mbx_work(struct work_struct *work)
{
	struct mbx_port *mp = container_of(work, struct mbx_port, work);
	u32 seq = smp_load_acquire(&mp->seq);

	if (test_and_clear_bit(MBX_EV_RX, &mp->events))
		pr_debug("mbx: cmd %08x seq %u\n", READ_ONCE(mp->last_cmd), seq);
	if (test_bit(MBX_EV_TX, &mp->events))
		clear_bit(MBX_EV_TX, &mp->events);
}

static int mbx_probe(struct platform_device *pdev)
{
	struct mbx_port *mp;
	int irq;

	mp = devm_kzalloc(&pdev->dev, sizeof(*mp), GFP_KERNEL);
	if (!mp)
		return -ENOMEM;
	mp->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(mp->base))
		return PTR_ERR(mp->base);
	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;
	INIT_WORK(&mp->work, mbx_work);
	platform_set_drvdata(pdev, mp);
	return devm_request_irq(&pdev->dev, irq, mbx_irq, 0, "mbx", mp);
}

static void mbx_remove(struct platform_device *pdev)
{
	struct mbx_port *mp = platform_get_drvdata(pdev);

	devm_free_irq(&pdev->dev, platform_get_irq(pdev, 0), mp);
	cancel_work_sync(&mp->work);
}

static struct platform_driver mbx_driver = {
	.probe	= mbx_probe,
	.remove	= mbx_remove,
	.driver	= { .name = "mbx" },
};
module_platform_driver(mbx_driver);
MODULE_LICENSE("GPL");
