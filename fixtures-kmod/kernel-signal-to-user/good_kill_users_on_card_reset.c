// SPDX-License-Identifier: GPL-2.0
/*
 * Inference card: a hard reset cannot proceed while processes keep the
 * device memory mapped, so the driver ends them with SIGKILL first.  A
 * policy choice, not an event channel: the kill note is opt-in, a
 * default run says nothing.
 */
#include <linux/module.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/sched/signal.h>

struct infc_user {
	struct list_head node;
	struct pid *pid;
};

struct infc_card {
	struct mutex users_lock;
	struct list_head users;
};

void infc_kill_users_before_reset(struct infc_card *card)
{
	struct infc_user *u;
	struct task_struct *task;

	mutex_lock(&card->users_lock);
	list_for_each_entry(u, &card->users, node) {
		task = get_pid_task(u->pid, PIDTYPE_PID);
		if (!task)
			continue;
		send_sig(SIGKILL, task, 1);
		put_task_struct(task);
	}
	mutex_unlock(&card->users_lock);
}
MODULE_LICENSE("GPL");
