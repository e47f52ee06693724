// SPDX-License-Identifier: GPL-2.0
/*
 * The same helper records `current` from a kernel thread and from the
 * ioctl: through the ioctl, `current` is the application, so the signal
 * may reach a user process.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/sched/signal.h>

struct mon {
	struct task_struct *waiter;
};

static struct mon the_mon;

static void mon_set_waiter(struct mon *m)
{
	m->waiter = current;
}

static int mon_thread(void *data)
{
	mon_set_waiter(data);
	return 0;
}

static long mon_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	mon_set_waiter(&the_mon);
	return 0;
}

static const struct file_operations mon_fops = {
	.unlocked_ioctl = mon_ioctl,
};

int mon_start(void)
{
	return PTR_ERR_OR_ZERO(kthread_run(mon_thread, &the_mon, "mon"));
}

void mon_event(struct mon *m)
{
	send_sig(SIGUSR2, m->waiter, 0); /* expect: kernel-signal-to-user */
}
