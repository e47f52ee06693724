// SPDX-License-Identifier: GPL-2.0
/* dsp: boot sequence; talks to the firmware, never to user processes. */
#include <linux/module.h>
#include <linux/platform_device.h>
#include "dsp.h"

#define DSP_SIG_BOOT	0x1
#define DSP_SIG_RUN	0x2

static int dsp_probe(struct platform_device *pdev)
{
	struct dsp_core *core;
	int ret;

	core = devm_kzalloc(&pdev->dev, sizeof(*core), GFP_KERNEL);
	if (!core)
		return -ENOMEM;
	core->mbox = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(core->mbox))
		return PTR_ERR(core->mbox);
	core->ops = &dsp_mbox_ops;

	ret = dsp_send_sig(core, DSP_SIG_BOOT);
	if (ret)
		return ret;
	return core->ops->send_sig(core, DSP_SIG_RUN);
}

static struct platform_driver dsp_driver = {
	.probe	= dsp_probe,
	.driver	= { .name = "dsp" },
};
module_platform_driver(dsp_driver);
MODULE_LICENSE("GPL");
