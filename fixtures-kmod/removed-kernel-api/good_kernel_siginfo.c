// SPDX-License-Identifier: GPL-2.0
/*
 * Current spelling: kernel_siginfo inside the kernel, siginfo_t only as
 * the user-space layout behind a __user pointer.
 */
#include <linux/signal.h>
#include <linux/uaccess.h>

struct gks_queue {
	kernel_siginfo_t pending;
	bool have;
};

void gks_record(struct gks_queue *q, int sig, int code)
{
	struct kernel_siginfo info;

	clear_siginfo(&info);
	info.si_signo = sig;
	info.si_code = code;
	q->pending = info;
	q->have = true;
}

int gks_fetch(struct gks_queue *q, siginfo_t __user *uinfo)
{
	if (!q->have)
		return -EAGAIN;
	q->have = false;
	return copy_siginfo_to_user(uinfo, &q->pending);
}
