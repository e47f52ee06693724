// SPDX-License-Identifier: GPL-2.0
/*
 * Command done bits.  The handler ORs the done causes into irq_data and
 * wakes the waiter; send_cmd() waits for the controller to go idle,
 * clears the bit it will wait for, starts the command and sleeps in
 * wait_event on the same word.  The clear comes before the device is
 * started: a handshake the wait/wake pair orders, not reported.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/wait.h>
#include <linux/io.h>

#define DSX_STATUS	0x00
#define DSX_START	0x04
#define DSX_CMD_DONE	BIT(1)

struct dsx {
	void __iomem *regs;
	wait_queue_head_t irq_wait;
	u32 irq_data;
};

static void dsx_irq_data_clear(struct dsx *dsx, u32 bit)
{
	dsx->irq_data &= ~bit;
}

static irqreturn_t dsx_irq(int irq, void *dev_id)
{
	struct dsx *dsx = dev_id;
	u32 status = readl(dsx->regs + DSX_STATUS);

	if (!status)
		return IRQ_NONE;
	writel(status, dsx->regs + DSX_STATUS);
	dsx->irq_data |= status;
	wake_up_interruptible(&dsx->irq_wait);
	return IRQ_HANDLED;
}

static int dsx_wait_done(struct dsx *dsx, u32 bit)
{
	return wait_event_interruptible_timeout(dsx->irq_wait, dsx->irq_data & bit,
						msecs_to_jiffies(500));
}

static ssize_t dsx_send_cmd(struct dsx *dsx, u32 cmd)
{
	dsx_irq_data_clear(dsx, DSX_CMD_DONE);
	writel(cmd, dsx->regs + DSX_START);
	return dsx_wait_done(dsx, DSX_CMD_DONE) > 0 ? 0 : -ETIMEDOUT;
}

static ssize_t dsx_transfer(struct mipi_dsi_host *host, const struct mipi_dsi_msg *msg)
{
	struct dsx *dsx = container_of(host, struct dsx, host);

	return dsx_send_cmd(dsx, msg->type);
}

static const struct mipi_dsi_host_ops dsx_host_ops = {
	.transfer = dsx_transfer,
};

static int dsx_probe(struct platform_device *pdev)
{
	struct dsx *dsx = devm_kzalloc(&pdev->dev, sizeof(*dsx), GFP_KERNEL);

	if (!dsx)
		return -ENOMEM;
	init_waitqueue_head(&dsx->irq_wait);
	return devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), dsx_irq, 0, "dsx", dsx);
}

static struct platform_driver dsx_driver = {
	.probe = dsx_probe,
	.driver = { .name = "dsx" },
};
module_platform_driver(dsx_driver);
MODULE_LICENSE("GPL");
