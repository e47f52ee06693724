// SPDX-License-Identifier: GPL-2.0
/*
 * PMIC power key: no primary handler (NULL), everything happens in the
 * IRQ thread, which is process context: spin_lock_irq() is right there.
 */
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/input.h>
#include <linux/regmap.h>

struct pwrkey {
	struct regmap *map;
	struct input_dev *input;
	spinlock_t lock;
	bool pressed;
};

static irqreturn_t pwrkey_thread(int irq, void *data)
{
	struct pwrkey *pk = data;
	unsigned int val;
	bool pressed;

	if (regmap_read(pk->map, 0x21, &val))
		return IRQ_NONE;
	spin_lock_irq(&pk->lock);
	pk->pressed = val & 1;
	pressed = pk->pressed;
	spin_unlock_irq(&pk->lock);
	input_report_key(pk->input, KEY_POWER, pressed);
	input_sync(pk->input);
	return IRQ_HANDLED;
}

static int pwrkey_probe(struct platform_device *pdev)
{
	struct pwrkey *pk;
	int irq;

	pk = devm_kzalloc(&pdev->dev, sizeof(*pk), GFP_KERNEL);
	if (!pk)
		return -ENOMEM;
	pk->map = dev_get_regmap(pdev->dev.parent, NULL);
	if (!pk->map)
		return -ENODEV;
	spin_lock_init(&pk->lock);
	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;
	return devm_request_threaded_irq(&pdev->dev, irq, NULL, pwrkey_thread,
					 IRQF_ONESHOT, "pwrkey", pk);
}

static struct platform_driver pwrkey_driver = {
	.probe	= pwrkey_probe,
	.driver	= { .name = "acme-pwrkey" },
};
module_platform_driver(pwrkey_driver);
MODULE_LICENSE("GPL");
