// SPDX-License-Identifier: GPL-2.0
/*
 * Freeing a user queue: the code waits for the outstanding requests, then
 * frees the request table. A signal frees it under requests still in flight,
 * and returning early would leak the queue: the wait must complete.
 */
#include <linux/atomic.h>
#include <linux/slab.h>
#include <linux/wait.h>

struct tda_queue {
	wait_queue_head_t wait;
	atomic_t n_reqs;
	void *reqs;
};

int tda_free_queue(struct tda_queue *pq)
{
	wait_event_interruptible(pq->wait, !atomic_read(&pq->n_reqs)); /* expect: wait-event-result-ignored */
	kfree(pq->reqs);
	kfree(pq);
	return 0;
}
