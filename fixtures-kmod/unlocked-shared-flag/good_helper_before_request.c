// SPDX-License-Identifier: GPL-2.0
/*
 * The counters are reset by a helper that init calls before it requests
 * the interrupt, and read after free_irq() by a helper exit calls: neither
 * can overlap the handler.
 */
#include <linux/module.h>
#include <linux/interrupt.h>

static int hbr_irq = 60;
module_param(hbr_irq, int, 0444);

static unsigned int hbr_edges;

static void hbr_reset_counters(void)
{
	hbr_edges = 0;
}

static void hbr_report(void)
{
	pr_info("hbr: %u edges\n", hbr_edges);
	hbr_edges = 0;
}

static irqreturn_t hbr_isr(int irq, void *dev)
{
	hbr_edges++;
	return IRQ_HANDLED;
}

static int __init hbr_init(void)
{
	hbr_reset_counters();
	return request_irq(hbr_irq, hbr_isr, 0, "hbr", NULL);
}

static void __exit hbr_exit(void)
{
	free_irq(hbr_irq, NULL);
	hbr_report();
}

module_init(hbr_init);
module_exit(hbr_exit);
MODULE_LICENSE("GPL");
