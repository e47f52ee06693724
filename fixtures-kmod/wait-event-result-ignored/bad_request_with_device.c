// SPDX-License-Identifier: GPL-2.0
/*
 * The request is handed to the firmware before the sleep and freed (or its
 * status read) after it: on a signal the code goes on while the firmware
 * still owns the request. `if (ret) goto out_unlock;` would free it all the
 * same, so the advice is to wait it out (or cancel it), not to return.
 */
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/wait.h>

struct rwd_request {
	int status;
	void (*done)(struct rwd_request *rq);
};

struct rwd_adapter {
	struct mutex api_lock;
	wait_queue_head_t api_wq;
	bool api_done;
};

struct rwd_request *rwd_alloc_request(struct rwd_adapter *a);
void rwd_free_request(struct rwd_adapter *a, struct rwd_request *rq);
bool rwd_submit(struct rwd_adapter *a, struct rwd_request *rq, void *data);

static long rwd_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct rwd_adapter *a = file->private_data;
	struct rwd_request *rq;
	long ret = 0;

	mutex_lock(&a->api_lock);
	rq = rwd_alloc_request(a);
	if (!rq) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	a->api_done = false;
	if (rwd_submit(a, rq, (void *)arg))
		wait_event_interruptible(a->api_wq, a->api_done); /* expect: wait-event-result-ignored */
	rwd_free_request(a, (struct rwd_request *)rq);
out_unlock:
	mutex_unlock(&a->api_lock);
	return ret;
}

int rwd_write_nvram(struct rwd_adapter *a, struct rwd_request *rq, void *data)
{
	a->api_done = false;
	if (!rwd_submit(a, rq, data))
		return -EIO;
	while (!a->api_done)
		wait_event_interruptible(a->api_wq, a->api_done); /* expect: wait-event-result-ignored */
	return rq->status ? -EIO : 0;
}

const struct file_operations rwd_fops = {
	.unlocked_ioctl = rwd_ioctl,
};
