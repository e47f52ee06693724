// SPDX-License-Identifier: GPL-2.0
/*
 * Old habit: a NULL test (dead on current kernels, debugfs never returns
 * NULL) that would unwind the whole probe, but never fires: not reported.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/clk.h>
#include <linux/debugfs.h>

struct ntg_priv {
	struct clk *clk;
	struct dentry *dbg;
	void __iomem *base;
};

static int ntg_regs_show(struct seq_file *s, void *unused)
{
	struct ntg_priv *priv = s->private;

	seq_printf(s, "ctrl: %08x\n", readl(priv->base));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ntg_regs);

static int ntg_probe(struct platform_device *pdev)
{
	struct ntg_priv *priv;
	int ret;

	priv = devm_kzalloc(&pdev->dev, sizeof(*priv), GFP_KERNEL);
	if (!priv)
		return -ENOMEM;
	priv->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(priv->base))
		return PTR_ERR(priv->base);
	priv->clk = devm_clk_get(&pdev->dev, NULL);
	if (IS_ERR(priv->clk))
		return PTR_ERR(priv->clk);
	ret = clk_prepare_enable(priv->clk);
	if (ret)
		return ret;

	priv->dbg = debugfs_create_dir("ntg", NULL);
	if (!priv->dbg) {
		ret = -ENOMEM;
		goto err_clk;
	}
	debugfs_create_file("regs", 0400, priv->dbg, priv, &ntg_regs_fops);
	platform_set_drvdata(pdev, priv);
	return 0;

err_clk:
	clk_disable_unprepare(priv->clk);
	return ret;
}

static struct platform_driver ntg_driver = {
	.probe = ntg_probe,
	.driver = { .name = "ntg" },
};
module_platform_driver(ntg_driver);
MODULE_LICENSE("GPL");
