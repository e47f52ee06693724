// SPDX-License-Identifier: GPL-2.0
/*
 * UART-like receive FIFO.  The FIFO helper is shared by the interrupt
 * handler and the read path, and was written for the read path.
 */
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/kfifo.h>
#include <linux/io.h>

#define RXF_DATA	0x00
#define RXF_STAT	0x04
#define RXF_STAT_AVAIL	BIT(0)

struct rxf_port {
	void __iomem *base;
	spinlock_t fifo_lock;
	DECLARE_KFIFO(fifo, u8, 256);
};

static void rxf_push(struct rxf_port *port, u8 ch)
{
	spin_lock_irq(&port->fifo_lock); /* expect: spin-lock-irq-in-handler */
	kfifo_put(&port->fifo, ch);
	spin_unlock_irq(&port->fifo_lock);
}

static irqreturn_t rxf_isr(int irq, void *data)
{
	struct rxf_port *port = data;
	irqreturn_t ret = IRQ_NONE;

	while (readl(port->base + RXF_STAT) & RXF_STAT_AVAIL) {
		rxf_push(port, readl(port->base + RXF_DATA) & 0xff);
		ret = IRQ_HANDLED;
	}
	return ret;
}

static int rxf_probe(struct platform_device *pdev)
{
	struct rxf_port *port;
	int irq;

	port = devm_kzalloc(&pdev->dev, sizeof(*port), GFP_KERNEL);
	if (!port)
		return -ENOMEM;
	port->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(port->base))
		return PTR_ERR(port->base);
	spin_lock_init(&port->fifo_lock);
	INIT_KFIFO(port->fifo);
	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;
	platform_set_drvdata(pdev, port);
	return devm_request_irq(&pdev->dev, irq, rxf_isr, 0, dev_name(&pdev->dev), port);
}

static const struct of_device_id rxf_of_match[] = {
	{ .compatible = "acme,rxfifo" },
	{ }
};
MODULE_DEVICE_TABLE(of, rxf_of_match);

static struct platform_driver rxf_driver = {
	.probe	= rxf_probe,
	.driver	= {
		.name = "rxfifo",
		.of_match_table = rxf_of_match,
	},
};
module_platform_driver(rxf_driver);
MODULE_LICENSE("GPL");
