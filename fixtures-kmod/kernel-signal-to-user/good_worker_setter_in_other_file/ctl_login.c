// SPDX-License-Identifier: GPL-2.0
#include <linux/workqueue.h>
#include <linux/sched/signal.h>
#include "ctl.h"

static void ctl_handshake_work(struct work_struct *work)
{
	struct ctl_conn *conn = container_of(work, struct ctl_conn, hs_work);

	ctl_set_handshake_task(conn, current);
	allow_signal(SIGINT);
	ctl_read_handshake(conn);
	ctl_set_handshake_task(conn, NULL);
}

void ctl_start_handshake(struct ctl_conn *conn)
{
	INIT_WORK(&conn->hs_work, ctl_handshake_work);
	queue_work(system_long_wq, &conn->hs_work);
}
