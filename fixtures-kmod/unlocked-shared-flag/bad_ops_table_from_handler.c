// SPDX-License-Identifier: GPL-2.0
/*
 * Two board variants share one handler; the variant's acknowledge hook is
 * called through the ops table from the handler, so it runs in hard-IRQ
 * context, and bumps a counter the ioctl clears with no lock.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/platform_device.h>
#include <linux/io.h>
#include <linux/fs.h>

struct tvb_priv;

struct tvb_variant_ops {
	void (*ack)(struct tvb_priv *priv);
};

struct tvb_priv {
	void __iomem *regs;
	const struct tvb_variant_ops *ops;
	unsigned int spurious;
};

static void tvb_ack_rev2(struct tvb_priv *priv)
{
	if (!readl(priv->regs + 4))
		priv->spurious++; /* expect: unlocked-shared-flag */
	writel(1, priv->regs + 4);
}

static const struct tvb_variant_ops tvb_rev2_ops = {
	.ack = tvb_ack_rev2,
};

static irqreturn_t tvb_isr(int irq, void *data)
{
	struct tvb_priv *priv = data;

	priv->ops->ack(priv);
	return IRQ_HANDLED;
}

static long tvb_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct tvb_priv *priv = file->private_data;

	priv->spurious -= min_t(unsigned int, priv->spurious, arg);
	return 0;
}

static const struct file_operations tvb_fops = {
	.unlocked_ioctl = tvb_ioctl,
};

static int tvb_probe(struct platform_device *pdev)
{
	struct tvb_priv *priv = devm_kzalloc(&pdev->dev, sizeof(*priv), GFP_KERNEL);

	if (!priv)
		return -ENOMEM;
	priv->ops = &tvb_rev2_ops;
	return devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), tvb_isr, 0, "tvb", priv);
}

static struct platform_driver tvb_driver = {
	.probe = tvb_probe,
	.driver = { .name = "tvb" },
};
module_platform_driver(tvb_driver);
MODULE_LICENSE("GPL");
