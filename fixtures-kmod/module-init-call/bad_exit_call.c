// SPDX-License-Identifier: GPL-2.0
/*
 * GPIO blinker: the init side is right, the exit macro is handed a call.
 */
#include <linux/module.h>
#include <linux/gpio/consumer.h>
#include <linux/timer.h>

static struct timer_list blink_timer;
static bool blink_on;

static void blink_tick(struct timer_list *t)
{
	blink_on = !blink_on;
	mod_timer(&blink_timer, jiffies + HZ / 2);
}

static int __init blink_init(void)
{
	timer_setup(&blink_timer, blink_tick, 0);
	mod_timer(&blink_timer, jiffies + HZ / 2);
	return 0;
}

static void __exit blink_exit(void)
{
	del_timer_sync(&blink_timer);
}

module_init(blink_init);
module_exit(blink_exit()); /* expect: module-init-call */
MODULE_LICENSE("GPL");
