/*
 * hwbrk.c - hardware breakpoint unit on an out-of-tree SoC port.
 * When a watched address is hit the unit traps and the driver raises
 * SIGTRAP itself on the current task; older trees used the
 * double-underscore helper.  A synchronous trap of the task that hit
 * the breakpoint: that is what signals are for, nothing to report.
 */
#include <linux/version.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/signal.h>

#define HWBRK_TRAP_HIT 0x1

static unsigned long hwbrk_addr;

void hwbrk_trap(unsigned int why)
{
	struct kernel_siginfo info;

	if (!(why & HWBRK_TRAP_HIT))
		return;
	clear_siginfo(&info);
	info.si_signo = SIGTRAP;
	info.si_code  = TRAP_HWBKPT;
	info.si_addr  = (void __user *)hwbrk_addr;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5,3,0)
	force_sig_info(&info);
#else
	__send_sig_info(SIGTRAP, &info, current); /* before 5.3: not compiled for the target, not reported */
#endif
}
EXPORT_SYMBOL(hwbrk_trap);

void hwbrk_set(unsigned long addr)
{
	hwbrk_addr = addr;
}
EXPORT_SYMBOL(hwbrk_set);

static int __init hwbrk_init(void)
{
	printk(KERN_INFO "hwbrk: ready\n");
	return 0;
}

static void __exit hwbrk_exit(void)
{
	hwbrk_addr = 0;
}

module_init(hwbrk_init);
module_exit(hwbrk_exit);
MODULE_LICENSE("GPL");
