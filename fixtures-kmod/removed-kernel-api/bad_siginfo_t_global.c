// SPDX-License-Identifier: GPL-2.0
/*
 * A prebuilt siginfo_t kept at file scope and handed to kill_pid_info().
 */
#include <linux/sched/signal.h>
#include <linux/pid.h>

static siginfo_t sgt_info; /* expect: removed-kernel-api */
static struct pid *sgt_owner;

void sgt_fire(void)
{
	sgt_info.si_signo = SIGIO;
	sgt_info.si_code = SI_KERNEL;
	kill_pid_info(SIGIO, &sgt_info, sgt_owner); /* expect: kernel-signal-to-user */
}
