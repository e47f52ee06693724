// SPDX-License-Identifier: GPL-2.0
/*
 * Crypto offload queue: each queue remembers the pid of its owner, as
 * the application told it, and the timeout work looks the owner up to
 * log its name.
 */
#include <linux/workqueue.h>
#include <linux/uaccess.h>
#include <linux/sched/task.h>
#include <linux/pid_namespace.h>

struct cq_setup {
	__u32 depth;
	__s32 owner_pid;
};

struct cq_queue {
	struct delayed_work timeout_work;
	u32 depth;
	pid_t owner_nr;
};

static void cq_timeout(struct work_struct *w)
{
	struct cq_queue *q = container_of(to_delayed_work(w), struct cq_queue, timeout_work);
	struct task_struct *t;

	t = get_pid_task(find_pid_ns(q->owner_nr, &init_pid_ns), PIDTYPE_PID); /* expect: pid-from-user-in-init-ns */
	if (!t)
		return;
	pr_warn("cq: queue of %s timed out\n", t->comm);
	put_task_struct(t);
}

int cq_setup_queue(struct cq_queue *q, const void __user *argp)
{
	struct cq_setup s;

	if (copy_from_user(&s, argp, sizeof(s)))
		return -EFAULT;
	q->depth = s.depth;
	q->owner_nr = s.owner_pid;
	INIT_DELAYED_WORK(&q->timeout_work, cq_timeout);
	return 0;
}
