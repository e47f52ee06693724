// SPDX-License-Identifier: GPL-2.0
/*
 * The _locked_irq variant drops and retakes the lock around the sleep; a
 * signal still ends it early and the slot is taken although none is free.
 */
#include <linux/fs.h>
#include <linux/wait.h>
#include <linux/spinlock.h>

struct lkv_ring {
	wait_queue_head_t wq;
	unsigned int free_slots;
};

static int lkv_open(struct inode *inode, struct file *file)
{
	struct lkv_ring *ring = file->private_data;

	spin_lock_irq(&ring->wq.lock);
	wait_event_interruptible_locked_irq(ring->wq, ring->free_slots > 0); /* expect: wait-event-result-ignored */
	ring->free_slots--;
	spin_unlock_irq(&ring->wq.lock);
	return 0;
}

const struct file_operations lkv_fops = {
	.open = lkv_open,
};
