// SPDX-License-Identifier: GPL-2.0
/*
 * Asynchronous passthrough: the request completes in end_io, which
 * defers the unmap to process context (a work item).
 */
#include <linux/blkdev.h>
#include <linux/blk-mq.h>
#include <linux/workqueue.h>
#include <linux/slab.h>

struct apt_cmd {
	struct work_struct done_work;
	struct request *rq;
	struct bio *bio;
	void (*complete)(struct apt_cmd *cmd, int status);
	int status;
};

static void apt_done_work(struct work_struct *w)
{
	struct apt_cmd *cmd = container_of(w, struct apt_cmd, done_work);

	if (cmd->bio)
		blk_rq_unmap_user(cmd->bio);
	blk_mq_free_request(cmd->rq);
	cmd->complete(cmd, cmd->status);
}

static enum rq_end_io_ret apt_end_io(struct request *rq, blk_status_t err)
{
	struct apt_cmd *cmd = rq->end_io_data;

	cmd->status = blk_status_to_errno(err);
	schedule_work(&cmd->done_work);
	return RQ_END_IO_NONE;
}

int apt_submit(struct request_queue *q, struct apt_cmd *cmd, void __user *ubuf, unsigned int len)
{
	struct request *rq;
	int ret;

	rq = blk_mq_alloc_request(q, REQ_OP_DRV_IN, 0);
	if (IS_ERR(rq))
		return PTR_ERR(rq);
	ret = blk_rq_map_user(q, rq, NULL, ubuf, len, GFP_KERNEL);
	if (ret) {
		blk_mq_free_request(rq);
		return ret;
	}
	cmd->rq = rq;
	cmd->bio = rq->bio;
	INIT_WORK(&cmd->done_work, apt_done_work);
	rq->end_io = apt_end_io;
	rq->end_io_data = cmd;
	blk_execute_rq_nowait(rq, false);
	return 0;
}
