// SPDX-License-Identifier: GPL-2.0
/* The probe of the simulator jumps to its unwinding when the debugfs init fails. */
#include <linux/platform_device.h>
#include "tsim.h"

static int tsim_probe(struct platform_device *pdev)
{
	struct tsim *ts;
	int err;

	ts = devm_kzalloc(&pdev->dev, sizeof(*ts), GFP_KERNEL);
	if (!ts)
		return -ENOMEM;
	err = tsim_hw_init(ts);
	if (err)
		return err;
	err = tsim_debugfs_init(ts);
	if (err)
		goto err_hw;
	return 0;

err_hw:
	tsim_hw_exit(ts);
	return err;
}

static struct platform_driver tsim_driver = {
	.probe = tsim_probe,
	.driver = { .name = "tsim" },
};
module_platform_driver(tsim_driver);
