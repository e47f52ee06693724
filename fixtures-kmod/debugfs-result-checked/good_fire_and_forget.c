// SPDX-License-Identifier: GPL-2.0
/*
 * The intended use: create, never check, remove recursively.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/debugfs.h>

struct ff_priv {
	struct dentry *dbg;
	u32 errors;
	bool verbose;
};

static int ff_probe(struct platform_device *pdev)
{
	struct ff_priv *priv;

	priv = devm_kzalloc(&pdev->dev, sizeof(*priv), GFP_KERNEL);
	if (!priv)
		return -ENOMEM;
	priv->dbg = debugfs_create_dir(dev_name(&pdev->dev), NULL);
	debugfs_create_u32("errors", 0444, priv->dbg, &priv->errors);
	debugfs_create_bool("verbose", 0644, priv->dbg, &priv->verbose);
	platform_set_drvdata(pdev, priv);
	return 0;
}

static void ff_remove(struct platform_device *pdev)
{
	struct ff_priv *priv = platform_get_drvdata(pdev);

	debugfs_remove_recursive(priv->dbg);
}

static struct platform_driver ff_driver = {
	.probe = ff_probe,
	.remove = ff_remove,
	.driver = { .name = "ff" },
};
module_platform_driver(ff_driver);
MODULE_LICENSE("GPL");
