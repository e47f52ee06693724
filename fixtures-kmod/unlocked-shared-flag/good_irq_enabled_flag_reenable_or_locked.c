// SPDX-License-Identifier: GPL-2.0
/*
 * Two alarm blocks.  The hot-plate alarm masks its line in the handler
 * and records it; the periodic poll only re-enables it (while the flag
 * says disabled, the line is off and the handler cannot run), and the
 * mode switch tests and clears the flag with the lock held and the line
 * disabled inside it.  The door alarm stores a status the ioctl tests
 * before it disables the line, but the handler never disables its line:
 * no disable depth to get wrong.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/platform_device.h>
#include <linux/miscdevice.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/io.h>

#define HPA_IOC_MODE	_IOW('h', 1, int)
#define HPA_TEMP	0x10

struct hpa_dev {
	void __iomem *base;
	int irq;
	int door_irq;
	spinlock_t lock;
	bool alarm_on;
	bool door_open;
	struct delayed_work poll;
	struct miscdevice misc;
};

static irqreturn_t hpa_alarm_irq(int irq, void *dev_id)
{
	struct hpa_dev *hpa = dev_id;

	disable_irq_nosync(irq);
	hpa->alarm_on = false;
	return IRQ_HANDLED;
}

static irqreturn_t hpa_door_irq(int irq, void *dev_id)
{
	struct hpa_dev *hpa = dev_id;

	hpa->door_open = readl(hpa->base) & 1;
	return IRQ_HANDLED;
}

static void hpa_poll(struct work_struct *work)
{
	struct hpa_dev *hpa = container_of(work, struct hpa_dev, poll.work);

	if (!hpa->alarm_on && readl(hpa->base + HPA_TEMP) < 80) {
		hpa->alarm_on = true;
		enable_irq(hpa->irq);
	}
	schedule_delayed_work(&hpa->poll, HZ);
}

static long hpa_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct hpa_dev *hpa = container_of(file->private_data, struct hpa_dev, misc);
	unsigned long flags;

	if (cmd != HPA_IOC_MODE)
		return -ENOTTY;
	spin_lock_irqsave(&hpa->lock, flags);
	if (!arg && hpa->alarm_on) {
		disable_irq_nosync(hpa->irq);
		hpa->alarm_on = false;
	}
	spin_unlock_irqrestore(&hpa->lock, flags);
	if (hpa->door_open) {
		disable_irq(hpa->door_irq);
		hpa->door_open = false;
	}
	return 0;
}

static const struct file_operations hpa_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= hpa_ioctl,
};

static int hpa_probe(struct platform_device *pdev)
{
	struct hpa_dev *hpa = devm_kzalloc(&pdev->dev, sizeof(*hpa), GFP_KERNEL);
	int ret;

	if (!hpa)
		return -ENOMEM;
	spin_lock_init(&hpa->lock);
	INIT_DELAYED_WORK(&hpa->poll, hpa_poll);
	hpa->irq = platform_get_irq(pdev, 0);
	hpa->door_irq = platform_get_irq(pdev, 1);
	hpa->alarm_on = true;
	ret = devm_request_irq(&pdev->dev, hpa->irq, hpa_alarm_irq, 0, "hpa", hpa);
	if (ret)
		return ret;
	ret = devm_request_irq(&pdev->dev, hpa->door_irq, hpa_door_irq, 0, "hpa-door", hpa);
	if (ret)
		return ret;
	schedule_delayed_work(&hpa->poll, HZ);
	hpa->misc.minor = MISC_DYNAMIC_MINOR;
	hpa->misc.name = "hpa";
	hpa->misc.fops = &hpa_fops;
	return misc_register(&hpa->misc);
}

static struct platform_driver hpa_driver = {
	.probe	= hpa_probe,
	.driver	= { .name = "hpa" },
};
module_platform_driver(hpa_driver);
MODULE_LICENSE("GPL");
