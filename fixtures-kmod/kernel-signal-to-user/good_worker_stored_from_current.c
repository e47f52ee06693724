// SPDX-License-Identifier: GPL-2.0
/*
 * Session login done from a work item.  The worker records itself
 * (`current`, through a setter) so that the login timer can interrupt a
 * blocking socket read with SIGINT.  The target is a kworker of this
 * driver, not a user process: silent by default.
 */
#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/timer.h>
#include <linux/spinlock.h>
#include <linux/sched/signal.h>

struct sess {
	struct work_struct login_work;
	struct timer_list login_timer;
	spinlock_t lock;
	struct task_struct *login_worker;
};

static void sess_set_worker(struct sess *s, struct task_struct *who)
{
	spin_lock_bh(&s->lock);
	s->login_worker = who;
	spin_unlock_bh(&s->lock);
}

static void sess_login_timeout(struct timer_list *t)
{
	struct sess *s = from_timer(s, t, login_timer);

	spin_lock_bh(&s->lock);
	if (s->login_worker)
		send_sig(SIGINT, s->login_worker, 1);
	spin_unlock_bh(&s->lock);
}

static void sess_login_fn(struct work_struct *work)
{
	struct sess *s = container_of(work, struct sess, login_work);

	sess_set_worker(s, current);
	allow_signal(SIGINT);
	/* ... blocking login exchange on the socket ... */
	sess_set_worker(s, NULL);
}

void sess_start(struct sess *s)
{
	spin_lock_init(&s->lock);
	INIT_WORK(&s->login_work, sess_login_fn);
	timer_setup(&s->login_timer, sess_login_timeout, 0);
	mod_timer(&s->login_timer, jiffies + 15 * HZ);
	schedule_work(&s->login_work);
}
MODULE_LICENSE("GPL");
