// SPDX-License-Identifier: GPL-2.0
/*
 * The work happens in the success branch of the mapping, which saves the
 * bio, executes and unmaps it.
 */
#include <linux/blkdev.h>
#include <linux/blk-mq.h>

int spt_read_log(struct request_queue *q, void __user *ubuf, unsigned int len)
{
	struct request *rq;
	struct bio *bio;
	int ret;

	rq = blk_mq_alloc_request(q, REQ_OP_DRV_IN, 0);
	if (IS_ERR(rq))
		return PTR_ERR(rq);
	ret = blk_rq_map_user(q, rq, NULL, ubuf, len, GFP_KERNEL);
	if (!ret) {
		bio = rq->bio;
		ret = blk_status_to_errno(blk_execute_rq(rq, false));
		if (blk_rq_unmap_user(bio) && !ret)
			ret = -EFAULT;
	}
	blk_mq_free_request(rq);
	return ret;
}
