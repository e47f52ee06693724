// SPDX-License-Identifier: GPL-2.0
/*
 * Coprocessor completion: the driver itself tells the firmware the
 * global pid of the submitter (pid_nr(), init namespace) and gets it
 * back in the completion message, so the lookup in init_pid_ns is right.
 */
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/pid_namespace.h>
#include <linux/io.h>

struct cop_msg {
	u32 opcode;
	u32 host_pid;
};

struct cop {
	void __iomem *mbox;
};

void cop_submit(struct cop *c, u32 opcode)
{
	writel(opcode, c->mbox);
	writel(pid_nr(task_pid(current)), c->mbox + 4);
}

void cop_complete(struct cop *c)
{
	struct cop_msg msg;
	struct task_struct *t;

	msg.opcode = readl(c->mbox + 8);
	msg.host_pid = readl(c->mbox + 12);
	t = get_pid_task(find_pid_ns(msg.host_pid, &init_pid_ns), PIDTYPE_PID);
	if (!t)
		return;
	wake_up_process(t);
	put_task_struct(t);
}
