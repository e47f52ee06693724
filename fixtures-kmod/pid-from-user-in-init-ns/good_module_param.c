// SPDX-License-Identifier: GPL-2.0
/*
 * Test module: the administrator names a process at load time
 * (modprobe ... watch_pid=N), in the init namespace by definition.
 */
#include <linux/module.h>
#include <linux/sched/task.h>
#include <linux/pid_namespace.h>

static int watch_pid;
module_param(watch_pid, int, 0444);
MODULE_PARM_DESC(watch_pid, "global pid of the process to watch");

static struct pid *watched;

static int __init watchp_init(void)
{
	watched = get_pid(find_pid_ns(watch_pid, &init_pid_ns));
	if (!watched)
		return -ESRCH;
	return 0;
}

static void __exit watchp_exit(void)
{
	put_pid(watched);
}

module_init(watchp_init);
module_exit(watchp_exit);
MODULE_LICENSE("GPL");
