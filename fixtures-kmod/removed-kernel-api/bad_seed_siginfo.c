// SPDX-License-Identifier: GPL-2.0
/*
 * The forum answer's signal code, written for a 3.x kernel: since 4.20
 * send_sig_info() takes a struct kernel_siginfo.
 */
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <asm/siginfo.h>

#define SIG_TEST 44

static struct task_struct *sst_target;

static void sst_notify(int value)
{
	struct siginfo info; /* expect: removed-kernel-api */

	memset(&info, 0, sizeof(struct siginfo));
	info.si_signo = SIG_TEST;
	info.si_code = SI_QUEUE;
	info.si_int = value;
	if (sst_target && send_sig_info(SIG_TEST, &info, sst_target) < 0) /* expect: kernel-signal-to-user */
		pr_err("send_sig_info error\n");
}

void sst_event(int value)
{
	sst_notify(value);
}
