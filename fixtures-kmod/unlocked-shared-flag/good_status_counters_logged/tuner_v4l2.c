// SPDX-License-Identifier: GPL-2.0
/* Tuner card: the video device and its ioctls. */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/interrupt.h>
#include <media/v4l2-ioctl.h>
#include "tuner.h"

irqreturn_t tuner_irq(int irq, void *dev_id);

static int tuner_vidioc_log_status(struct file *file, void *fh)
{
	struct tuner_card *card = video_drvdata(file);

	tuner_log_status(card);
	return 0;
}

static const struct v4l2_ioctl_ops tuner_ioctl_ops = {
	.vidioc_log_status = tuner_vidioc_log_status,
};

static int tuner_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct tuner_card *card;

	card = devm_kzalloc(&pdev->dev, sizeof(*card), GFP_KERNEL);
	if (!card)
		return -ENOMEM;
	card->dev = &pdev->dev;
	card->regs = pcim_iomap(pdev, 0, 0);
	if (!card->regs)
		return -ENOMEM;
	pci_set_drvdata(pdev, card);
	return devm_request_irq(&pdev->dev, pdev->irq, tuner_irq, IRQF_SHARED, "tuner", card);
}

static struct pci_driver tuner_driver = {
	.name = "tuner",
	.probe = tuner_probe,
};
module_pci_driver(tuner_driver);
MODULE_LICENSE("GPL");
