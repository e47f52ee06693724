// SPDX-License-Identifier: GPL-2.0
/*
 * Tuner card interrupts.  The handler counts interrupts per source for
 * the status log; tuner_log_status() (VIDIOC_LOG_STATUS, see tuner_v4l2.c)
 * prints the counts through the driver's own log macro and starts them
 * again from zero.  An interrupt counted between the print and the reset
 * is missing from a debug log line: nothing a user or the device relies
 * on, so not reported.  (Read into a buffer the user gets, the same reset
 * would lose data: bad_counter_rmw.c.)
 */
#include <linux/interrupt.h>
#include <linux/io.h>
#include "tuner.h"

#define TUNER_STAT	0x10
#define TUNER_VIDEO	0x1
#define TUNER_AUDIO	0x2

irqreturn_t tuner_irq(int irq, void *dev_id)
{
	struct tuner_card *card = dev_id;
	u32 stat = readl(card->regs + TUNER_STAT);

	if (!stat) {
		card->irq_spurious++;
		return IRQ_NONE;
	}
	if (stat & TUNER_VIDEO)
		card->irq_video++;
	if (stat & TUNER_AUDIO)
		card->irq_audio++;
	writel(stat, card->regs + TUNER_STAT);
	return IRQ_HANDLED;
}

void tuner_log_status(struct tuner_card *card)
{
	tuner_info(card, "irqs: video=%u audio=%u spurious=%u\n",
		   card->irq_video, card->irq_audio, card->irq_spurious);
	card->irq_video = card->irq_audio = card->irq_spurious = 0;
}
