/* SPDX-License-Identifier: GPL-2.0 */
#include <linux/workqueue.h>
#include <linux/timer.h>

struct ctl_conn {
	struct work_struct hs_work;
	struct timer_list hs_timer;
	spinlock_t hs_lock;
	struct task_struct *hs_task;
};

void ctl_set_handshake_task(struct ctl_conn *conn, struct task_struct *task);
void ctl_read_handshake(struct ctl_conn *conn);
