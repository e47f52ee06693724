// SPDX-License-Identifier: GPL-2.0
/*
 * The driver starts its threads through its own helper, which hands the
 * function on to kthread_run(): the sleeper is a kernel thread, and no
 * signal is delivered to it.
 */
#include <linux/kthread.h>
#include <linux/wait.h>

struct kwr_ctl {
	wait_queue_head_t wq;
	bool has_work;
	struct task_struct *task;
};

static struct task_struct *kwr_start(int (*fn)(void *), struct kwr_ctl *ctl, const char *name)
{
	return kthread_run(fn, ctl, "%s", name);
}

static int kwr_scanner(void *data)
{
	struct kwr_ctl *ctl = data;

	for (;;) {
		wait_event_interruptible(ctl->wq, ctl->has_work);
		ctl->has_work = false;
	}
	return 0;
}

int kwr_init(struct kwr_ctl *ctl)
{
	ctl->task = kwr_start(kwr_scanner, ctl, "kwr-scan");
	return PTR_ERR_OR_ZERO(ctl->task);
}
