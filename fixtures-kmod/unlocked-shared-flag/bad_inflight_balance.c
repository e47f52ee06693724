// SPDX-License-Identifier: GPL-2.0
/*
 * Display FIFO credits.  write() counts a command queued to the FIFO and
 * the FIFO-drained interrupt counts it out, both with a plain
 * read-modify-write: an increment and a decrement that meet lose one, and
 * write() then stalls on a full FIFO or overruns it.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/miscdevice.h>
#include <linux/interrupt.h>
#include <linux/fs.h>
#include <linux/io.h>

#define DFC_DEPTH	16

struct dfc_priv {
	struct miscdevice misc;
	void __iomem *regs;
	unsigned int queued;
};

static irqreturn_t dfc_irq(int irq, void *data)
{
	struct dfc_priv *priv = data;
	u32 drained = readl(priv->regs + 8);

	if (!drained)
		return IRQ_NONE;
	priv->queued -= drained; /* expect: unlocked-shared-flag */
	return IRQ_HANDLED;
}

static ssize_t dfc_write(struct file *file, const char __user *buf, size_t len, loff_t *ppos)
{
	struct dfc_priv *priv = container_of(file->private_data, struct dfc_priv, misc);

	if (priv->queued >= DFC_DEPTH)
		return -EAGAIN;
	writel(len, priv->regs + 4);
	priv->queued++;
	return len;
}

static const struct file_operations dfc_fops = {
	.owner = THIS_MODULE,
	.write = dfc_write,
};

static int dfc_probe(struct platform_device *pdev)
{
	struct dfc_priv *priv = devm_kzalloc(&pdev->dev, sizeof(*priv), GFP_KERNEL);

	if (!priv)
		return -ENOMEM;
	priv->misc.fops = &dfc_fops;
	return devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), dfc_irq, 0, "dfc", priv);
}

static struct platform_driver dfc_driver = {
	.probe = dfc_probe,
	.driver = { .name = "dfc" },
};
module_platform_driver(dfc_driver);
MODULE_LICENSE("GPL");
