// SPDX-License-Identifier: GPL-2.0
/* trig: external trigger input; the subscriber gets its signal from the IRQ thread. */
#include <linux/interrupt.h>
#include <linux/sched/signal.h>
#include <linux/pid.h>
#include "trig.h"

static irqreturn_t trig_thread_fn(int irq, void *data)
{
	struct pid *who;
	int signo;

	spin_lock_irq(&trig.lock);
	who = get_pid(trig.listener);
	signo = trig.signo;
	spin_unlock_irq(&trig.lock);

	if (who) {
		kill_pid(who, signo, 1); /* expect: kernel-signal-to-user */
		put_pid(who);
	}
	return IRQ_HANDLED;
}

int trig_events_init(int irq)
{
	return request_threaded_irq(irq, NULL, trig_thread_fn, IRQF_ONESHOT,
				    "trig", &trig);
}

void trig_events_exit(int irq)
{
	free_irq(irq, &trig);
}
