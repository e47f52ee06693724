/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _TRIG_H
#define _TRIG_H

#include <linux/spinlock.h>

struct pid;

struct trig_state {
	spinlock_t lock;
	struct pid *listener;
	int signo;
};

extern struct trig_state trig;

int trig_events_init(int irq);
void trig_events_exit(int irq);

#endif
