// SPDX-License-Identifier: GPL-2.0
/*
 * Trigger generator whose register map and config struct use words like
 * "send_sig" for the electrical output.  None of it is a kernel signal.
 */
#include <linux/module.h>
#include <linux/io.h>

#define TRGEN_SEND_SIG_REG	0x14
#define TRGEN_KILL_PGRP_BIT	BIT(3)

struct trgen_cfg {
	bool send_sig;
	u32 force_sig;
	u32 width_ns;
};

static const struct trgen_cfg trgen_default = {
	.send_sig	= true,
	.force_sig	= 0,
	.width_ns	= 500,
};

static void __iomem *trgen_base;

static void trgen_apply(const struct trgen_cfg *cfg)
{
	u32 v = cfg->width_ns & 0xffff;

	if (cfg->send_sig)
		v |= TRGEN_KILL_PGRP_BIT;
	writel(v, trgen_base + TRGEN_SEND_SIG_REG);
}

static int __init trgen_init(void)
{
	trgen_base = ioremap(0xfe800000, 0x20);
	if (!trgen_base)
		return -ENOMEM;
	trgen_apply(&trgen_default);
	return 0;
}

static void __exit trgen_exit(void)
{
	writel(0, trgen_base + TRGEN_SEND_SIG_REG);
	iounmap(trgen_base);
}

module_init(trgen_init);
module_exit(trgen_exit);
MODULE_LICENSE("GPL");
