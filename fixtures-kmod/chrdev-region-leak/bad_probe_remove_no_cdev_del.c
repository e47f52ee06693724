// SPDX-License-Identifier: GPL-2.0
/*
 * Per-device control node of the "acme,fpga-mgr" platform device.
 * remove() tears down the device but never deletes the cdev.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/cdev.h>
#include <linux/fs.h>

struct acme_fpga {
	struct cdev cdev;
	dev_t devt;
	void __iomem *regs;
};

static dev_t acme_base_devt;

static const struct file_operations acme_fpga_fops = {
	.owner = THIS_MODULE,
};

static int acme_fpga_probe(struct platform_device *pdev)
{
	struct acme_fpga *fpga;
	int ret;

	fpga = devm_kzalloc(&pdev->dev, sizeof(*fpga), GFP_KERNEL);
	if (!fpga)
		return -ENOMEM;

	fpga->regs = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(fpga->regs))
		return PTR_ERR(fpga->regs);

	fpga->devt = MKDEV(MAJOR(acme_base_devt), pdev->id);
	cdev_init(&fpga->cdev, &acme_fpga_fops);
	fpga->cdev.owner = THIS_MODULE;
	ret = cdev_add(&fpga->cdev, fpga->devt, 1); /* expect: chrdev-region-leak */
	if (ret)
		return dev_err_probe(&pdev->dev, ret, "cdev_add failed\n");

	platform_set_drvdata(pdev, fpga);
	return 0;
}

static void acme_fpga_remove(struct platform_device *pdev)
{
	struct acme_fpga *fpga = platform_get_drvdata(pdev);

	writel(0, fpga->regs);
}

static const struct of_device_id acme_fpga_of_match[] = {
	{ .compatible = "acme,fpga-mgr" },
	{ }
};
MODULE_DEVICE_TABLE(of, acme_fpga_of_match);

static struct platform_driver acme_fpga_driver = {
	.probe = acme_fpga_probe,
	.remove = acme_fpga_remove,
	.driver = {
		.name = "acme-fpga",
		.of_match_table = acme_fpga_of_match,
	},
};
module_platform_driver(acme_fpga_driver);
MODULE_LICENSE("GPL");
