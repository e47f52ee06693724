// SPDX-License-Identifier: GPL-2.0
/*
 * On-card memory with ECC.  An uncorrectable error in a buffer mapped by
 * a process is reported to that process with SIGBUS from a work item:
 * the fault is the mapper's, as memory_failure() would report it.
 */
#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/spinlock.h>
#include <linux/sched/signal.h>

struct eccm_buf {
	struct task_struct *mapper;
	unsigned long uaddr;
	struct work_struct ue_work;
	spinlock_t lock;
	unsigned long bad_offset;
};

static void eccm_ue_work(struct work_struct *work)
{
	struct eccm_buf *b = container_of(work, struct eccm_buf, ue_work);
	void __user *addr;
	unsigned long flags;

	spin_lock_irqsave(&b->lock, flags);
	addr = (void __user *)(b->uaddr + b->bad_offset);
	spin_unlock_irqrestore(&b->lock, flags);

	if (b->mapper)
		send_sig_fault(SIGBUS, BUS_MCEERR_AR, addr, b->mapper);
}

void eccm_buf_init(struct eccm_buf *b)
{
	spin_lock_init(&b->lock);
	INIT_WORK(&b->ue_work, eccm_ue_work);
}
EXPORT_SYMBOL_GPL(eccm_buf_init);

void eccm_report_ue(struct eccm_buf *b, unsigned long offset)
{
	unsigned long flags;

	spin_lock_irqsave(&b->lock, flags);
	b->bad_offset = offset;
	spin_unlock_irqrestore(&b->lock, flags);
	schedule_work(&b->ue_work);
}
EXPORT_SYMBOL_GPL(eccm_report_ue);

MODULE_LICENSE("GPL");
