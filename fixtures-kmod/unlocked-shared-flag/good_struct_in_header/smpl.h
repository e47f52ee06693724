/* SPDX-License-Identifier: GPL-2.0 */
/* Sampler state, shared by the driver's files. Nothing here names an IRQ,
 * a user copy or a lock: the header is parsed because the handler in
 * smpl_main.c writes fields of the struct it defines. */
#ifndef _SMPL_H
#define _SMPL_H

#include <linux/miscdevice.h>
#include <linux/wait.h>

#define SMPL_DATA	0x10
#define SMPL_START	0x00

struct smpl_priv {
	void __iomem *base;
	struct miscdevice misc;
	wait_queue_head_t wq;
	u32 last_sample;
	bool sample_ready;
};

#endif
