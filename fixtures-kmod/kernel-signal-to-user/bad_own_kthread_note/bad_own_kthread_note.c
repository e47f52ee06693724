// SPDX-License-Identifier: GPL-2.0
/*
 * SDIO-style watchdog thread.  The driver wakes its OWN kernel thread
 * out of an interruptible sleep with SIGTERM.  No user process is
 * involved, but kthread_stop()/wake_up_process() are the usual tools:
 * reported as a note.
 */
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/slab.h>
#include <linux/sched/signal.h>

struct wdog_bus {
	struct task_struct *thread;
	unsigned int period_ms;
};

static struct wdog_bus *wdog;

static int wdog_thread_fn(void *data)
{
	struct wdog_bus *bus = data;

	allow_signal(SIGTERM);
	while (!kthread_should_stop()) {
		if (msleep_interruptible(bus->period_ms))
			flush_signals(current);
		pr_debug("wdog: tick\n");
	}
	return 0;
}

static int __init wdog_init(void)
{
	wdog = kzalloc(sizeof(*wdog), GFP_KERNEL);
	if (!wdog)
		return -ENOMEM;
	wdog->period_ms = 1000;
	wdog->thread = kthread_run(wdog_thread_fn, wdog, "wdog_bus");
	if (IS_ERR(wdog->thread)) {
		int err = PTR_ERR(wdog->thread);

		kfree(wdog);
		return err;
	}
	return 0;
}

static void __exit wdog_exit(void)
{
	send_sig(SIGTERM, wdog->thread, 1); /* expect: kernel-signal-to-user */
	kthread_stop(wdog->thread);
	kfree(wdog);
}

module_init(wdog_init);
module_exit(wdog_exit);
MODULE_LICENSE("GPL");
