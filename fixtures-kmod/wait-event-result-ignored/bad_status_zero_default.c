// SPDX-License-Identifier: GPL-2.0
/*
 * Near-misses of a re-check: the patch status is 0 until the notification
 * arrives, so `if (r)` after a signal reads "success"; and a register read
 * that comes after another test is no longer what the code decides on.
 */
#include <linux/io.h>
#include <linux/wait.h>

struct pzd_info {
	wait_queue_head_t setup_wq;
	bool patch_ntf;
	int patch_status;
	bool verbose;
	void __iomem *regs;
};

int pzd_patch_end(struct pzd_info *info)
{
	int r;

	wait_event_interruptible(info->setup_wq, info->patch_ntf); /* expect: wait-event-result-ignored */
	r = info->patch_status;
	if (r)
		return -EINVAL;
	return 0;
}

int pzd_patch_end_logged(struct pzd_info *info)
{
	wait_event_interruptible(info->setup_wq, info->patch_ntf); /* expect: wait-event-result-ignored */
	if (info->verbose)
		pr_info("pzd: patched\n");
	if (!(readl(info->regs) & 1))
		return -EIO;
	return 0;
}
