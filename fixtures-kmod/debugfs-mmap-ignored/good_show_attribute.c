// SPDX-License-Identifier: GPL-2.0
/* Clock tree summary through DEFINE_SHOW_ATTRIBUTE(): read-only, no mmap. */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>

struct clksum_priv {
	unsigned long rates[4];
	struct dentry *dbg;
};

static int clksum_show(struct seq_file *s, void *unused)
{
	struct clksum_priv *p = s->private;
	int i;

	for (i = 0; i < ARRAY_SIZE(p->rates); i++)
		seq_printf(s, "clk%d: %lu Hz\n", i, p->rates[i]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(clksum);

static int clksum_probe(struct platform_device *pdev)
{
	struct clksum_priv *p;

	p = devm_kzalloc(&pdev->dev, sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->dbg = debugfs_create_dir(dev_name(&pdev->dev), NULL);
	debugfs_create_file("summary", 0444, p->dbg, p, &clksum_fops);
	platform_set_drvdata(pdev, p);
	return 0;
}

static void clksum_remove(struct platform_device *pdev)
{
	struct clksum_priv *p = platform_get_drvdata(pdev);

	debugfs_remove_recursive(p->dbg);
}

static struct platform_driver clksum_driver = {
	.probe	= clksum_probe,
	.remove	= clksum_remove,
	.driver	= { .name = "clksum" },
};
module_platform_driver(clksum_driver);
MODULE_LICENSE("GPL");
