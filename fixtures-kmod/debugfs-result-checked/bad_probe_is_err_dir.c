// SPDX-License-Identifier: GPL-2.0
/*
 * The probe fails when debugfs is disabled: debugfs_create_dir() then
 * returns ERR_PTR(-ENODEV) and the device never comes up.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/debugfs.h>

struct pie_priv {
	struct dentry *dbg;
	u32 irq_count;
};

static int pie_probe(struct platform_device *pdev)
{
	struct pie_priv *priv;
	struct dentry *dir;

	priv = devm_kzalloc(&pdev->dev, sizeof(*priv), GFP_KERNEL);
	if (!priv)
		return -ENOMEM;

	dir = debugfs_create_dir(dev_name(&pdev->dev), NULL);
	if (IS_ERR(dir)) /* expect: debugfs-result-checked */
		return PTR_ERR(dir);
	debugfs_create_u32("irqs", 0444, dir, &priv->irq_count);
	priv->dbg = dir;
	platform_set_drvdata(pdev, priv);
	return 0;
}

static void pie_remove(struct platform_device *pdev)
{
	struct pie_priv *priv = platform_get_drvdata(pdev);

	debugfs_remove_recursive(priv->dbg);
}

static struct platform_driver pie_driver = {
	.probe = pie_probe,
	.remove = pie_remove,
	.driver = { .name = "pie" },
};
module_platform_driver(pie_driver);
MODULE_LICENSE("GPL");
