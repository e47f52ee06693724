/*
 * tachodrv.c - fan tachometer, old-style module.
 * The counter is reset in init before request_irq() and printed in exit
 * after free_irq(): the handler cannot run at either point.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/interrupt.h>

static int tacho_irq = 9;
module_param(tacho_irq, int, 0444);

static unsigned long tacho_pulses;
static unsigned long tacho_max_gap;
static unsigned long tacho_last;

static irqreturn_t tacho_isr(int irq, void *dev_id)
{
	unsigned long now = jiffies;

	tacho_pulses++;
	if (tacho_last && now - tacho_last > tacho_max_gap)
		tacho_max_gap = now - tacho_last;
	tacho_last = now;
	return IRQ_HANDLED;
}

static int __init tacho_init(void)
{
	int err;

	tacho_pulses = 0;
	tacho_max_gap = 0;
	tacho_last = 0;
	err = request_irq(tacho_irq, tacho_isr, IRQF_TRIGGER_FALLING, "tacho", NULL);
	if (err) {
		printk(KERN_ERR "tacho: irq %d busy\n", tacho_irq);
		return err;
	}
	return 0;
}

static void __exit tacho_exit(void)
{
	free_irq(tacho_irq, NULL);
	printk(KERN_INFO "tacho: %lu pulses, longest gap %lu jiffies\n",
	       tacho_pulses, tacho_max_gap);
}

module_init(tacho_init);
module_exit(tacho_exit);
MODULE_LICENSE("GPL");
