// SPDX-License-Identifier: GPL-2.0
/*
 * Over-temperature alarm.  The alarm interrupt masks its own line with
 * disable_irq_nosync() and records that in `alarm_armed`; the mode
 * switch tests the flag and then disables the line itself, with no lock.
 * An alarm between the test and disable_irq() disables the line twice,
 * and the one enable_irq() of the next switch leaves it disabled.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/platform_device.h>
#include <linux/miscdevice.h>
#include <linux/uaccess.h>
#include <linux/io.h>

#define OTA_IOC_MODE	_IOW('o', 1, int)

struct ota_sensor {
	void __iomem *base;
	int irq;
	bool alarm_armed;
	struct miscdevice misc;
};

static irqreturn_t ota_alarm_irq(int irq, void *dev_id)
{
	struct ota_sensor *ota = dev_id;

	disable_irq_nosync(irq);
	ota->alarm_armed = false; /* expect: unlocked-shared-flag */
	return IRQ_HANDLED;
}

static long ota_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ota_sensor *ota = container_of(file->private_data, struct ota_sensor, misc);

	if (cmd != OTA_IOC_MODE)
		return -ENOTTY;
	if (arg) {
		if (!ota->alarm_armed) {
			ota->alarm_armed = true;
			enable_irq(ota->irq);
		}
	} else if (ota->alarm_armed) {
		disable_irq(ota->irq);
		ota->alarm_armed = false;
	}
	return 0;
}

static const struct file_operations ota_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= ota_ioctl,
};

static int ota_probe(struct platform_device *pdev)
{
	struct ota_sensor *ota = devm_kzalloc(&pdev->dev, sizeof(*ota), GFP_KERNEL);
	int ret;

	if (!ota)
		return -ENOMEM;
	ota->irq = platform_get_irq(pdev, 0);
	if (ota->irq < 0)
		return ota->irq;
	ota->alarm_armed = true;
	ret = devm_request_irq(&pdev->dev, ota->irq, ota_alarm_irq, 0, "ota", ota);
	if (ret)
		return ret;
	ota->misc.minor = MISC_DYNAMIC_MINOR;
	ota->misc.name = "ota";
	ota->misc.fops = &ota_fops;
	return misc_register(&ota->misc);
}

static struct platform_driver ota_driver = {
	.probe	= ota_probe,
	.driver	= { .name = "ota" },
};
module_platform_driver(ota_driver);
MODULE_LICENSE("GPL");
