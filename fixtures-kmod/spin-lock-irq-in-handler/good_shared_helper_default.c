// SPDX-License-Identifier: GPL-2.0
/*
 * A buffer lookup used by the receive path of the hard-IRQ handler and by
 * the driver's worker, with spin_lock_irq(). Its spin_unlock_irq() does turn
 * interrupts back on in the handler, but a helper that also runs outside
 * hard-IRQ context is reported only with `shared-helpers = true` (see
 * bad_shared_helper_option/): the default run stays silent here.
 */
#include <linux/interrupt.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

struct shb_buf {
	struct list_head list;
	u32 tag;
};

struct shb_hba {
	spinlock_t hbalock;
	struct list_head posted;
	struct work_struct worker;
	u32 next_tag;
};

static struct shb_buf *shb_find_buf(struct shb_hba *hba, u32 tag)
{
	struct shb_buf *buf;

	spin_lock_irq(&hba->hbalock);
	list_for_each_entry(buf, &hba->posted, list) {
		if (buf->tag == tag) {
			list_del_init(&buf->list);
			spin_unlock_irq(&hba->hbalock);
			return buf;
		}
	}
	spin_unlock_irq(&hba->hbalock);
	return NULL;
}

static irqreturn_t shb_intr(int irq, void *dev_id)
{
	struct shb_hba *hba = dev_id;

	return shb_find_buf(hba, hba->next_tag) ? IRQ_HANDLED : IRQ_NONE;
}

static void shb_work(struct work_struct *work)
{
	struct shb_hba *hba = container_of(work, struct shb_hba, worker);

	shb_find_buf(hba, 0);
}

int shb_setup(struct shb_hba *hba, int irq)
{
	spin_lock_init(&hba->hbalock);
	INIT_LIST_HEAD(&hba->posted);
	INIT_WORK(&hba->worker, shb_work);
	return request_irq(irq, shb_intr, 0, "shb", hba);
}
