// SPDX-License-Identifier: GPL-2.0
/* ADC sampler: the handler fills the private struct (via dev_id) and wakes
 * read(), which cleared the flag before starting the conversion and reads the
 * sample after the wait: the wake/wait pair orders the two, and read() starts
 * each conversion itself.  Not reported (a plain read is a snapshot). */
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/uaccess.h>
#include <linux/io.h>
#define ADCX_DATA	0x10
#define ADCX_START	0x00

struct adcx_priv {
	void __iomem *base;
	struct miscdevice misc;
	wait_queue_head_t wq;
	u32 last_sample;
	bool sample_ready;
};

static irqreturn_t adcx_irq(int irq, void *dev_id)
{
	struct adcx_priv *priv = dev_id;

	priv->last_sample = readl(priv->base + ADCX_DATA);
	priv->sample_ready = true;
	wake_up(&priv->wq);
	return IRQ_HANDLED;
}

static ssize_t adcx_read(struct file *file, char __user *buf, size_t len, loff_t *ppos)
{
	struct adcx_priv *priv = container_of(file->private_data, struct adcx_priv, misc);
	u32 val;

	if (len < sizeof(val))
		return -EINVAL;
	priv->sample_ready = false;
	writel(1, priv->base + ADCX_START);
	if (wait_event_interruptible(priv->wq, priv->sample_ready))
		return -ERESTARTSYS;
	val = priv->last_sample;
	if (copy_to_user(buf, &val, sizeof(val)))
		return -EFAULT;
	return sizeof(val);
}

static const struct file_operations adcx_fops = {
	.owner	= THIS_MODULE,
	.read	= adcx_read,
};

static int adcx_probe(struct platform_device *pdev)
{
	struct adcx_priv *priv;
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
	ret = devm_request_irq(&pdev->dev, irq, adcx_irq, 0, "adcx", priv);
	if (ret)
		return ret;
	priv->misc.minor = MISC_DYNAMIC_MINOR;
	priv->misc.name = "adcx";
	priv->misc.fops = &adcx_fops;
	platform_set_drvdata(pdev, priv);
	return misc_register(&priv->misc);
}

static void adcx_remove(struct platform_device *pdev)
{
	struct adcx_priv *priv = platform_get_drvdata(pdev);

	misc_deregister(&priv->misc);
}

static struct platform_driver adcx_driver = {
	.probe	= adcx_probe,
	.remove	= adcx_remove,
	.driver	= { .name = "adcx" },
};
module_platform_driver(adcx_driver);
MODULE_LICENSE("GPL");
