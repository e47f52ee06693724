// SPDX-License-Identifier: GPL-2.0
/*
 * Near miss of bad_ops_table_hook.c: the handler calls the gadget
 * driver's suspend callback, a field of another struct type than the
 * platform_driver that holds this driver's own suspend (process context).
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/platform_device.h>
#include <linux/usb/gadget.h>
#include <linux/spinlock.h>

struct oso_udc {
	spinlock_t lock;
	struct usb_gadget gadget;
	struct usb_gadget_driver *driver;
};

static irqreturn_t oso_irq(int irq, void *data)
{
	struct oso_udc *udc = data;

	spin_lock(&udc->lock);
	if (udc->driver && udc->driver->suspend)
		udc->driver->suspend(&udc->gadget);
	spin_unlock(&udc->lock);
	return IRQ_HANDLED;
}

static int oso_suspend(struct platform_device *pdev, pm_message_t state)
{
	struct oso_udc *udc = platform_get_drvdata(pdev);

	spin_lock_irq(&udc->lock);
	udc->gadget.speed = USB_SPEED_UNKNOWN;
	spin_unlock_irq(&udc->lock);
	return 0;
}

static int oso_probe(struct platform_device *pdev)
{
	struct oso_udc *udc = devm_kzalloc(&pdev->dev, sizeof(*udc), GFP_KERNEL);

	if (!udc)
		return -ENOMEM;
	spin_lock_init(&udc->lock);
	platform_set_drvdata(pdev, udc);
	return devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), oso_irq, 0, "oso", udc);
}

static struct platform_driver oso_driver = {
	.probe = oso_probe,
	.suspend = oso_suspend,
	.driver = { .name = "oso" },
};
module_platform_driver(oso_driver);
MODULE_LICENSE("GPL");
