// SPDX-License-Identifier: GPL-2.0
/*
 * Doorbell driver: "signalling" the firmware means writing a doorbell
 * register.  The helpers are named after that, not after a kernel signal
 * API, and nothing here reaches a user process.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/io.h>

#define DRBL_RING	0x00
#define DRBL_ACK	0x04

struct drbl_dev {
	void __iomem *base;
};

static void drbl_send_signal(struct drbl_dev *d, u32 vector)
{
	writel(BIT(vector), d->base + DRBL_RING);
}

static int drbl_kill_request(struct drbl_dev *d, u32 req)
{
	writel(req, d->base + DRBL_ACK);
	return readl(d->base + DRBL_ACK) == 0 ? 0 : -EIO;
}

static int drbl_probe(struct platform_device *pdev)
{
	struct drbl_dev *d;

	d = devm_kzalloc(&pdev->dev, sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	d->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(d->base))
		return PTR_ERR(d->base);
	platform_set_drvdata(pdev, d);
	drbl_send_signal(d, 0);
	return drbl_kill_request(d, 0);
}

static struct platform_driver drbl_driver = {
	.probe	= drbl_probe,
	.driver	= { .name = "drbl" },
};
module_platform_driver(drbl_driver);
MODULE_LICENSE("GPL");
