// SPDX-License-Identifier: GPL-2.0
/*
 * The handler calls the controller variant's clear hook through the ops
 * table; the hook takes the FIFO lock with spin_lock_irq(), whose unlock
 * enables interrupts in the middle of the handler.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/platform_device.h>
#include <linux/spinlock.h>
#include <linux/io.h>

struct fqc_chip;

struct fqc_hw_ops {
	void (*clear_fifo)(struct fqc_chip *chip);
};

struct fqc_chip {
	spinlock_t fifo_lock;
	void __iomem *base;
	const struct fqc_hw_ops *hw;
};

static void fqc_v3_clear_fifo(struct fqc_chip *chip)
{
	spin_lock_irq(&chip->fifo_lock); /* expect: spin-lock-irq-in-handler */
	writel(0, chip->base + 0x10);
	spin_unlock_irq(&chip->fifo_lock);
}

static const struct fqc_hw_ops fqc_v3_ops = {
	.clear_fifo = fqc_v3_clear_fifo,
};

static irqreturn_t fqc_irq(int irq, void *data)
{
	struct fqc_chip *chip = data;

	chip->hw->clear_fifo(chip);
	return IRQ_HANDLED;
}

static int fqc_probe(struct platform_device *pdev)
{
	struct fqc_chip *chip = devm_kzalloc(&pdev->dev, sizeof(*chip), GFP_KERNEL);

	if (!chip)
		return -ENOMEM;
	spin_lock_init(&chip->fifo_lock);
	chip->hw = &fqc_v3_ops;
	return devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), fqc_irq, 0, "fqc", chip);
}

static struct platform_driver fqc_driver = {
	.probe = fqc_probe,
	.driver = { .name = "fqc" },
};
module_platform_driver(fqc_driver);
MODULE_LICENSE("GPL");
