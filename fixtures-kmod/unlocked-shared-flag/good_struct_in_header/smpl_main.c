// SPDX-License-Identifier: GPL-2.0
/* The handler fills the private struct defined in smpl.h and wakes read(),
 * which reads the fields after its wait: ordered by the wake/wait pair. */
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/uaccess.h>
#include <linux/io.h>
#include "smpl.h"

static irqreturn_t smpl_irq(int irq, void *dev_id)
{
	struct smpl_priv *priv = dev_id;

	priv->last_sample = readl(priv->base + SMPL_DATA);
	priv->sample_ready = true;
	wake_up(&priv->wq);
	return IRQ_HANDLED;
}

static ssize_t smpl_read(struct file *file, char __user *buf, size_t len, loff_t *ppos)
{
	struct smpl_priv *priv = container_of(file->private_data, struct smpl_priv, misc);
	u32 val;

	if (len < sizeof(val))
		return -EINVAL;
	priv->sample_ready = false;
	writel(1, priv->base + SMPL_START);
	if (wait_event_interruptible(priv->wq, priv->sample_ready))
		return -ERESTARTSYS;
	val = priv->last_sample;
	if (copy_to_user(buf, &val, sizeof(val)))
		return -EFAULT;
	return sizeof(val);
}

static const struct file_operations smpl_fops = {
	.owner	= THIS_MODULE,
	.read	= smpl_read,
};

static int smpl_probe(struct platform_device *pdev)
{
	struct smpl_priv *priv;
	int irq, ret;

	priv = devm_kzalloc(&pdev->dev, sizeof(*priv), GFP_KERNEL);
	if (!priv)
		return -ENOMEM;
	priv->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(priv->base))
		return PTR_ERR(priv->base);
	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;
	init_waitqueue_head(&priv->wq);
	ret = devm_request_irq(&pdev->dev, irq, smpl_irq, 0, "smpl", priv);
	if (ret)
		return ret;
	priv->misc.minor = MISC_DYNAMIC_MINOR;
	priv->misc.name = "smpl";
	priv->misc.fops = &smpl_fops;
	platform_set_drvdata(pdev, priv);
	return misc_register(&priv->misc);
}

static struct platform_driver smpl_driver = {
	.probe	= smpl_probe,
	.driver	= { .name = "smpl" },
};
module_platform_driver(smpl_driver);
MODULE_LICENSE("GPL");
