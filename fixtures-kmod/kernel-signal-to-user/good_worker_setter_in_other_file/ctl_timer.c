// SPDX-License-Identifier: GPL-2.0
/*
 * Handshake timer of a storage target.  The handshake worker (in
 * ctl_login.c) registers itself through ctl_set_handshake_task() with
 * `current`; on timeout the timer interrupts its socket read.
 */
#include <linux/timer.h>
#include <linux/spinlock.h>
#include <linux/sched/signal.h>
#include "ctl.h"

void ctl_set_handshake_task(struct ctl_conn *conn, struct task_struct *task)
{
	spin_lock_bh(&conn->hs_lock);
	conn->hs_task = task;
	spin_unlock_bh(&conn->hs_lock);
}

void ctl_handshake_expired(struct timer_list *t)
{
	struct ctl_conn *conn = from_timer(conn, t, hs_timer);

	spin_lock_bh(&conn->hs_lock);
	if (conn->hs_task)
		send_sig(SIGINT, conn->hs_task, 1);
	spin_unlock_bh(&conn->hs_lock);
}
