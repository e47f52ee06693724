// SPDX-License-Identifier: GPL-2.0
/* dsp: mailbox-level signalling to the DSP firmware. */
#include <linux/io.h>
#include "dsp.h"

int dsp_send_sig(struct dsp_core *core, u32 sig)
{
	writel(sig, core->mbox);
	return readl(core->mbox + 4) ? 0 : -EIO;
}

const struct dsp_core_ops dsp_mbox_ops = {
	.send_sig = dsp_send_sig,
};
