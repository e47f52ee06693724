// SPDX-License-Identifier: GPL-2.0
#include <linux/platform_device.h>
#include "wdt.h"

static int wdt_probe(struct platform_device *pdev)
{
	struct wdt *w = devm_kzalloc(&pdev->dev, sizeof(*w), GFP_KERNEL);
	int err;

	if (!w)
		return -ENOMEM;
	err = wdt_debugfs_init(w);
	if (err)
		dev_warn(&pdev->dev, "no debugfs: %d\n", err);
	err = wdt_register(w);
	if (err)
		return dev_err_probe(&pdev->dev, err, "register\n");
	return 0;
}

static struct platform_driver wdt_driver = {
	.probe = wdt_probe,
	.driver = { .name = "wdt" },
};
module_platform_driver(wdt_driver);
