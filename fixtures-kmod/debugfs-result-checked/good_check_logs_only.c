// SPDX-License-Identifier: GPL-2.0
/*
 * The result is looked at, but only to log: the probe carries on.
 */
#include <linux/module.h>
#include <linux/spi/spi.h>
#include <linux/debugfs.h>

struct clo_chip {
	struct dentry *dbg;
	u32 crc_errors;
};

static int clo_probe(struct spi_device *spi)
{
	struct clo_chip *chip;

	chip = devm_kzalloc(&spi->dev, sizeof(*chip), GFP_KERNEL);
	if (!chip)
		return -ENOMEM;
	chip->dbg = debugfs_create_dir(dev_name(&spi->dev), NULL);
	if (IS_ERR(chip->dbg))
		dev_dbg(&spi->dev, "no debugfs (%ld)\n", PTR_ERR(chip->dbg));
	debugfs_create_u32("crc_errors", 0444, chip->dbg, &chip->crc_errors);
	spi_set_drvdata(spi, chip);
	return 0;
}

static struct spi_driver clo_driver = {
	.driver = { .name = "clo" },
	.probe = clo_probe,
};
module_spi_driver(clo_driver);
MODULE_LICENSE("GPL");
