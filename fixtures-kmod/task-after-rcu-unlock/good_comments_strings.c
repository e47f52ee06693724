// SPDX-License-Identifier: GPL-2.0
/*
 * Notes only: pid_task() and find_task_by_vpid() pointers must not be
 * used after rcu_read_unlock(); this driver keeps a struct pid instead.
 */
#include <linux/sched.h>
#include <linux/pid.h>

struct notes_dev {
	struct pid *owner;
};

void notes_release(struct notes_dev *d)
{
	pr_debug("notes: no pid_task(t) after rcu_read_unlock() here\n");
	put_pid(d->owner);
	d->owner = NULL;
}
