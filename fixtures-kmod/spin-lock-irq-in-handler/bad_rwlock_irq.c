// SPDX-License-Identifier: GPL-2.0
/*
 * Doorbell block: clients register callbacks for doorbell bits; the
 * interrupt handler walks the table under the rwlock.
 */
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/io.h>

#define DB_NR		32
#define DB_STATUS	0x10
#define DB_CLEAR	0x14

struct db_client {
	void (*ring)(void *ctx, unsigned int bit);
	void *ctx;
};

struct db_ctrl {
	void __iomem *base;
	rwlock_t table_lock;
	struct db_client table[DB_NR];
};

int db_register(struct db_ctrl *db, unsigned int bit, void (*ring)(void *, unsigned int), void *ctx)
{
	if (bit >= DB_NR)
		return -EINVAL;
	write_lock_irq(&db->table_lock);
	db->table[bit].ring = ring;
	db->table[bit].ctx = ctx;
	write_unlock_irq(&db->table_lock);
	return 0;
}

static irqreturn_t db_irq(int irq, void *data)
{
	struct db_ctrl *db = data;
	unsigned long bits = readl(db->base + DB_STATUS);
	unsigned int bit;

	if (!bits)
		return IRQ_NONE;
	writel(bits, db->base + DB_CLEAR);
	read_lock_irq(&db->table_lock); /* expect: spin-lock-irq-in-handler */
	for_each_set_bit(bit, &bits, DB_NR) {
		if (db->table[bit].ring)
			db->table[bit].ring(db->table[bit].ctx, bit);
	}
	read_unlock_irq(&db->table_lock);
	return IRQ_HANDLED;
}

static int db_probe(struct platform_device *pdev)
{
	struct db_ctrl *db;
	int irq;

	db = devm_kzalloc(&pdev->dev, sizeof(*db), GFP_KERNEL);
	if (!db)
		return -ENOMEM;
	db->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(db->base))
		return PTR_ERR(db->base);
	rwlock_init(&db->table_lock);
	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;
	platform_set_drvdata(pdev, db);
	return devm_request_irq(&pdev->dev, irq, db_irq, 0, "doorbell", db);
}

static struct platform_driver db_driver = {
	.probe	= db_probe,
	.driver	= { .name = "acme-doorbell" },
};
module_platform_driver(db_driver);
MODULE_LICENSE("GPL");
