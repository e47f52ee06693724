// SPDX-License-Identifier: GPL-2.0
/*
 * A capture thread records itself in a helper that only the thread calls;
 * stop_capture() wakes it out of a blocking read with SIGUSR1.
 * The target is the driver's own kernel thread: silent by default.
 */
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/sched/signal.h>

struct cap {
	struct task_struct *reader;
	struct socket *sock;
};

static void cap_mark_reader(struct cap *c)
{
	c->reader = current;
	allow_signal(SIGUSR1);
}

static int cap_thread(void *data)
{
	struct cap *c = data;

	cap_mark_reader(c);
	while (!kthread_should_stop())
		cap_receive(c->sock);
	return 0;
}

int cap_start(struct cap *c)
{
	struct task_struct *t = kthread_run(cap_thread, c, "cap");

	return PTR_ERR_OR_ZERO(t);
}

void cap_stop(struct cap *c)
{
	if (c->reader)
		send_sig(SIGUSR1, c->reader, 1);
}

/* The thread's task read back into a local first: still the driver's own thread. */
void cap_kick(struct cap *c)
{
	struct task_struct *task = READ_ONCE(c->reader);

	if (task)
		send_sig(SIGUSR1, task, 1);
}
