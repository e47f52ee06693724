// SPDX-License-Identifier: GPL-2.0
/*
 * module_platform_driver() writes the entry points itself.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/of.h>

static int mpd_probe(struct platform_device *pdev)
{
	return 0;
}

static const struct of_device_id mpd_of_match[] = {
	{ .compatible = "acme,mpd" },
	{ }
};
MODULE_DEVICE_TABLE(of, mpd_of_match);

static struct platform_driver mpd_driver = {
	.probe = mpd_probe,
	.driver = {
		.name = "mpd",
		.of_match_table = mpd_of_match,
	},
};
module_platform_driver(mpd_driver);
MODULE_LICENSE("GPL");
