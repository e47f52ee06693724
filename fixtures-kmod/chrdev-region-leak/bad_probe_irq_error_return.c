// SPDX-License-Identifier: GPL-2.0
/*
 * Sample-capture FIFO of the "vendor,adc-fifo" block: one node per instance.
 * The IRQ request after cdev_device_add() returns without cdev_device_del().
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/cdev.h>
#include <linux/fs.h>

struct adc_fifo {
	struct device dev;
	struct cdev cdev;
	int irq;
};

static dev_t adc_fifo_devt;

static const struct file_operations adc_fifo_fops = {
	.owner = THIS_MODULE,
};

static irqreturn_t adc_fifo_irq(int irq, void *data)
{
	return IRQ_HANDLED;
}

static int adc_fifo_probe(struct platform_device *pdev)
{
	struct adc_fifo *fifo;
	int ret;

	fifo = devm_kzalloc(&pdev->dev, sizeof(*fifo), GFP_KERNEL);
	if (!fifo)
		return -ENOMEM;

	fifo->irq = platform_get_irq(pdev, 0);
	if (fifo->irq < 0)
		return fifo->irq;

	device_initialize(&fifo->dev);
	fifo->dev.parent = &pdev->dev;
	fifo->dev.devt = MKDEV(MAJOR(adc_fifo_devt), pdev->id);
	cdev_init(&fifo->cdev, &adc_fifo_fops);
	ret = cdev_device_add(&fifo->cdev, &fifo->dev);
	if (ret)
		return ret;

	ret = devm_request_irq(&pdev->dev, fifo->irq, adc_fifo_irq, 0, "adc-fifo", fifo);
	if (ret)
		return dev_err_probe(&pdev->dev, ret, "cannot get IRQ\n"); /* expect: chrdev-region-leak */

	platform_set_drvdata(pdev, fifo);
	return 0;
}

static void adc_fifo_remove(struct platform_device *pdev)
{
	struct adc_fifo *fifo = platform_get_drvdata(pdev);

	cdev_device_del(&fifo->cdev, &fifo->dev);
	put_device(&fifo->dev);
}

static struct platform_driver adc_fifo_driver = {
	.probe = adc_fifo_probe,
	.remove = adc_fifo_remove,
	.driver = { .name = "adc-fifo" },
};
module_platform_driver(adc_fifo_driver);
MODULE_LICENSE("GPL");
