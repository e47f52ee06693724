// SPDX-License-Identifier: GPL-2.0
/* The probe hands the debugfs helper's error to dev_err_probe(), which returns it. */
#include <linux/platform_device.h>
#include <linux/debugfs.h>

struct led_ctl {
	struct dentry *dbg;
	u32 level;
};

static int lc_debugfs(struct led_ctl *lc)
{
	struct dentry *dir = debugfs_create_dir("led_ctl", NULL);

	if (IS_ERR(dir)) /* expect: debugfs-result-checked */
		return PTR_ERR(dir);
	lc->dbg = dir;
	debugfs_create_u32("level", 0600, dir, &lc->level);
	return 0;
}

static int lc_probe(struct platform_device *pdev)
{
	struct led_ctl *lc = devm_kzalloc(&pdev->dev, sizeof(*lc), GFP_KERNEL);
	int ret;

	if (!lc)
		return -ENOMEM;
	ret = lc_debugfs(lc);
	if (ret)
		return dev_err_probe(&pdev->dev, ret, "debugfs\n");
	return 0;
}

static struct platform_driver lc_driver = {
	.probe = lc_probe,
	.driver = { .name = "led-ctl" },
};
module_platform_driver(lc_driver);
