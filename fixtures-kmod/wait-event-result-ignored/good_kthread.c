// SPDX-License-Identifier: GPL-2.0
/*
 * A kernel thread: signals are not delivered to it, the interruptible
 * sleep only keeps it out of the load average.
 */
#include <linux/kthread.h>
#include <linux/wait.h>
#include <linux/err.h>

struct gk_poller {
	wait_queue_head_t wq;
	bool kick;
	struct task_struct *thread;
};

static void gk_poll_once(struct gk_poller *p)
{
	wait_event_interruptible(p->wq, p->kick || kthread_should_stop());
	p->kick = false;
}

static int gk_thread(void *data)
{
	struct gk_poller *p = data;

	while (!kthread_should_stop())
		gk_poll_once(p);
	return 0;
}

int gk_start(struct gk_poller *p)
{
	p->thread = kthread_run(gk_thread, p, "gk-poller");
	return PTR_ERR_OR_ZERO(p->thread);
}
