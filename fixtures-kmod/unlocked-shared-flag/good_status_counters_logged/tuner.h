/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the tuner card's files: its state and its own log wrapper. */
#ifndef TUNER_H
#define TUNER_H

#include <linux/device.h>

struct tuner_card {
	struct device *dev;
	void __iomem *regs;
	unsigned int irq_video;
	unsigned int irq_audio;
	unsigned int irq_spurious;
};

#define tuner_info(card, fmt, ...) dev_info((card)->dev, fmt, ##__VA_ARGS__)

void tuner_log_status(struct tuner_card *card);

#endif
