// SPDX-License-Identifier: GPL-2.0
/*
 * The driver registers its interrupt through its own helper, which passes
 * the handler on to devm_request_irq(): the handler is still a hard-IRQ
 * handler, and its unlocked read-modify-write races with the sysfs store.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/platform_device.h>
#include <linux/device.h>

struct wrg_priv {
	struct device *dev;
	int irq;
	unsigned long overflow_mask;
};

static int wrg_setup_irq(struct wrg_priv *priv, irq_handler_t handler, const char *name)
{
	return devm_request_irq(priv->dev, priv->irq, handler, 0, name, priv);
}

static irqreturn_t wrg_overflow_isr(int irq, void *data)
{
	struct wrg_priv *priv = data;

	priv->overflow_mask |= BIT(irq & 31); /* expect: unlocked-shared-flag */
	return IRQ_HANDLED;
}

static ssize_t wrg_clear_write(struct file *file, const char __user *buf, size_t len, loff_t *pos)
{
	struct wrg_priv *priv = file->private_data;

	priv->overflow_mask &= ~1UL;
	return len;
}

static const struct file_operations wrg_fops = {
	.write = wrg_clear_write,
};

static int wrg_probe(struct platform_device *pdev)
{
	struct wrg_priv *priv = devm_kzalloc(&pdev->dev, sizeof(*priv), GFP_KERNEL);

	if (!priv)
		return -ENOMEM;
	priv->dev = &pdev->dev;
	priv->irq = platform_get_irq(pdev, 0);
	return wrg_setup_irq(priv, wrg_overflow_isr, "wrg-overflow");
}

static struct platform_driver wrg_driver = {
	.probe = wrg_probe,
	.driver = { .name = "wrg" },
};
module_platform_driver(wrg_driver);
MODULE_LICENSE("GPL");
