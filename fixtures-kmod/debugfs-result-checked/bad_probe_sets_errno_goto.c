// SPDX-License-Identifier: GPL-2.0
/*
 * Platform probe of a DMA engine: the debugfs directory is created
 * between clock and IRQ set-up, and its failure unwinds the probe
 * through the error ladder with ret set from the error pointer.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/clk.h>
#include <linux/interrupt.h>
#include <linux/debugfs.h>

struct xdma {
	struct clk *clk;
	struct dentry *dbg;
	int irq;
};

static irqreturn_t xdma_irq(int irq, void *data)
{
	return IRQ_HANDLED;
}

static int xdma_probe(struct platform_device *pdev)
{
	struct xdma *x;
	int ret;

	x = devm_kzalloc(&pdev->dev, sizeof(*x), GFP_KERNEL);
	if (!x)
		return -ENOMEM;
	x->clk = devm_clk_get(&pdev->dev, NULL);
	if (IS_ERR(x->clk))
		return PTR_ERR(x->clk);
	ret = clk_prepare_enable(x->clk);
	if (ret)
		return ret;
	x->dbg = debugfs_create_dir("xdma", NULL);
	if (IS_ERR(x->dbg)) { /* expect: debugfs-result-checked */
		ret = PTR_ERR(x->dbg);
		goto err_clk;
	}
	x->irq = platform_get_irq(pdev, 0);
	if (x->irq < 0) {
		ret = x->irq;
		goto err_dbg;
	}
	ret = devm_request_irq(&pdev->dev, x->irq, xdma_irq, 0, "xdma", x);
	if (ret)
		goto err_dbg;
	platform_set_drvdata(pdev, x);
	return 0;

err_dbg:
	debugfs_remove_recursive(x->dbg);
err_clk:
	clk_disable_unprepare(x->clk);
	return ret;
}

static struct platform_driver xdma_driver = {
	.driver = { .name = "xdma" },
	.probe = xdma_probe,
};
module_platform_driver(xdma_driver);
MODULE_LICENSE("GPL");
