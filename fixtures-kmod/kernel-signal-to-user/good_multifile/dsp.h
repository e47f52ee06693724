/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DSP_H
#define _DSP_H

#include <linux/types.h>

struct dsp_core;

struct dsp_core_ops {
	int (*send_sig)(struct dsp_core *core, u32 sig);
};

struct dsp_core {
	void __iomem *mbox;
	const struct dsp_core_ops *ops;
};

/* "signal" the DSP through its mailbox */
int dsp_send_sig(struct dsp_core *core, u32 sig);
extern const struct dsp_core_ops dsp_mbox_ops;

#endif
