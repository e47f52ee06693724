// SPDX-License-Identifier: GPL-2.0
/*
 * UDP tunnel receiver thread.  It sleeps in kernel_recvmsg(); on teardown
 * the driver sends it SIGKILL, which is the only thing that makes the
 * socket call return.  The thread is the driver's own (kthread_run), so a
 * default run says nothing: the signal note is opt-in.
 */
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/net.h>
#include <linux/sched/signal.h>

struct tun_rx {
	struct socket *sock;
	struct task_struct *rx_task;
	u8 buf[1500];
};

static struct tun_rx rx;

static int tun_rx_loop(void *arg)
{
	struct tun_rx *t = arg;
	struct kvec iov = { .iov_base = t->buf, .iov_len = sizeof(t->buf) };
	struct msghdr msg = { };

	allow_signal(SIGKILL);
	while (!kthread_should_stop()) {
		if (kernel_recvmsg(t->sock, &msg, &iov, 1, iov.iov_len, 0) < 0 && signal_pending(current))
			break;
	}
	return 0;
}

int tun_rx_start(struct socket *sock)
{
	rx.sock = sock;
	rx.rx_task = kthread_run(tun_rx_loop, &rx, "tun_rx");
	return PTR_ERR_OR_ZERO(rx.rx_task);
}

void tun_rx_stop(void)
{
	send_sig(SIGKILL, rx.rx_task, 1);
	kthread_stop(rx.rx_task);
}
MODULE_LICENSE("GPL");
