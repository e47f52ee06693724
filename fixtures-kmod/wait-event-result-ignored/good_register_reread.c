// SPDX-License-Identifier: GPL-2.0
/*
 * The interrupt only says "look again": after the sleep the PHY code reads
 * the lock bit back from the device itself and fails when it is not set,
 * which covers a signal as well as a timeout. A read of the status register
 * that is not the first test after the wait would not count.
 */
#include <linux/io.h>
#include <linux/wait.h>

#define PXL_STA		0x10
#define PXL_STA_LOCKED	0x01

struct pxl_phy {
	void __iomem *regs;
	wait_queue_head_t wq;
	bool irq_seen;
};

static u32 pxl_read(struct pxl_phy *phy, u32 reg)
{
	return readl(phy->regs + reg);
}

int pxl_phy_lock(struct pxl_phy *phy)
{
	phy->irq_seen = false;
	writel(1, phy->regs);
	wait_event_interruptible_timeout(phy->wq, phy->irq_seen, msecs_to_jiffies(50));
	if (!(pxl_read(phy, PXL_STA) & PXL_STA_LOCKED))
		return -ETIMEDOUT;
	return 0;
}

int pxl_phy_lock_raw(struct pxl_phy *phy)
{
	phy->irq_seen = false;
	writel(1, phy->regs);
	wait_event_interruptible(phy->wq, phy->irq_seen);
	if (!(readl(phy->regs + PXL_STA) & PXL_STA_LOCKED))
		return -EIO;
	return 0;
}
