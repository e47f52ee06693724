/*
 * rconsole.c -- remote serial console helper, old out-of-tree style.
 * A BREAK on the line interrupts the foreground job like ^C would,
 * a carrier drop hangs up the session (SIGHUP: a hang-up, as the tty
 * layer sends it, not reported).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/pid.h>
#include <linux/signal.h>
#include <linux/workqueue.h>

static struct pid *rcons_pgrp;     /* foreground process group */
static struct pid *rcons_session;
static struct work_struct rcons_break_work, rcons_hup_work;

static void rcons_do_break(struct work_struct *w)
{
	if(rcons_pgrp)
		kill_pgrp(rcons_pgrp, SIGINT, 1); /* expect: kernel-signal-to-user */
}

static void rcons_do_hangup(struct work_struct *w)
{
#ifdef CONFIG_RCONS_HANGUP
	struct kernel_siginfo info;
	clear_siginfo(&info);
	info.si_signo = SIGHUP;
	info.si_code  = SI_KERNEL;
	if(rcons_session)
		kill_pid_info(SIGHUP, &info, rcons_session);
#endif
}

void rcons_line_event(int brk, int carrier_lost)
{
	if (brk)          schedule_work(&rcons_break_work);
	if (carrier_lost) schedule_work(&rcons_hup_work);
}
EXPORT_SYMBOL(rcons_line_event);

void rcons_set_job(struct pid *pgrp, struct pid *session)
{
	rcons_pgrp = pgrp;
	rcons_session = session;
}
EXPORT_SYMBOL(rcons_set_job);

static int __init rcons_init(void)
{
	INIT_WORK(&rcons_break_work, rcons_do_break);
	INIT_WORK(&rcons_hup_work, rcons_do_hangup);
	printk(KERN_INFO "rconsole loaded\n");
	return 0;
}

static void __exit rcons_exit(void)
{
	flush_work(&rcons_break_work);
	flush_work(&rcons_hup_work);
}

module_init(rcons_init);
module_exit(rcons_exit);
MODULE_LICENSE("GPL");
