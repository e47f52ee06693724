// SPDX-License-Identifier: GPL-2.0
/*
 * The worker is started through a thread helper the driver keeps in another
 * folder (it stores the function and calls it from its own kthread): the
 * name of the starter says the worker is a thread, and no signal reaches it.
 */
#include <linux/wait.h>

struct ots_queue {
	wait_queue_head_t wq;
	bool has_request;
	bool running;
	void *thread;
};

int ots_create_thread(void (*fn)(void *), void *data, const char *name, void **thread);

static void ots_wait_for_request(struct ots_queue *queue)
{
	wait_event_interruptible(queue->wq, queue->has_request || !queue->running);
	queue->has_request = false;
}

static void ots_worker(void *arg)
{
	struct ots_queue *queue = arg;

	while (queue->running)
		ots_wait_for_request(queue);
}

int ots_start(struct ots_queue *queue)
{
	queue->running = true;
	return ots_create_thread(ots_worker, queue, "ots", &queue->thread);
}
