// SPDX-License-Identifier: GPL-2.0
/*
 * Scaler block.  The handler changes bits of the block's flags word under
 * its lock.  set_format, a method the core calls only while the block is
 * stopped, changes the word without the lock and never takes it; and
 * set_ctrl takes the lock for the coefficient table, not for the flags
 * word, before it marks the table dirty after the unlock.  Neither knows
 * the lock for the word: the core's locking design orders them.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/platform_device.h>
#include <linux/spinlock.h>
#include <media/v4l2-ctrls.h>

#define SCL_RUNNING	BIT(0)
#define SCL_COEF_DIRTY	BIT(1)
#define SCL_FMT_CHANGED	BIT(2)

struct scl_dev {
	void __iomem *regs;
	spinlock_t lock;
	unsigned int flags;
	u32 coef[16];
	struct v4l2_ctrl_handler ctrls;
};

static irqreturn_t scl_irq(int irq, void *dev_id)
{
	struct scl_dev *scl = dev_id;

	spin_lock(&scl->lock);
	if (scl->flags & SCL_COEF_DIRTY)
		scl->flags &= ~SCL_COEF_DIRTY;
	scl->flags |= SCL_RUNNING;
	spin_unlock(&scl->lock);
	return IRQ_HANDLED;
}

static int scl_set_format(struct scl_dev *scl, u32 width)
{
	writel(width, scl->regs);
	scl->flags |= SCL_FMT_CHANGED;
	return 0;
}

static int scl_s_ctrl(struct v4l2_ctrl *ctrl)
{
	struct scl_dev *scl = container_of(ctrl->handler, struct scl_dev, ctrls);
	unsigned long irqflags;

	spin_lock_irqsave(&scl->lock, irqflags);
	scl->coef[ctrl->id & 15] = ctrl->val;
	spin_unlock_irqrestore(&scl->lock, irqflags);
	scl->flags |= SCL_COEF_DIRTY;
	return 0;
}

static const struct v4l2_ctrl_ops scl_ctrl_ops = {
	.s_ctrl = scl_s_ctrl,
};

struct scl_format_ops {
	int (*set_format)(struct scl_dev *scl, u32 width);
};

static const struct scl_format_ops scl_fmt_ops = {
	.set_format = scl_set_format,
};

static int scl_probe(struct platform_device *pdev)
{
	struct scl_dev *scl = devm_kzalloc(&pdev->dev, sizeof(*scl), GFP_KERNEL);

	if (!scl)
		return -ENOMEM;
	spin_lock_init(&scl->lock);
	return devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), scl_irq, 0, "scl", scl);
}

static struct platform_driver scl_driver = {
	.probe	= scl_probe,
	.driver	= { .name = "scl" },
};
module_platform_driver(scl_driver);
MODULE_LICENSE("GPL");
