// SPDX-License-Identifier: GPL-2.0
/*
 * Internal identify command: a kernel buffer is mapped with
 * blk_rq_map_kern(), which needs no blk_rq_map_user()/unmap pairing.
 */
#include <linux/blkdev.h>
#include <linux/blk-mq.h>
#include <linux/slab.h>

int kid_identify(struct request_queue *q, void *buf, unsigned int len)
{
	struct request *rq;
	int ret;

	rq = blk_mq_alloc_request(q, REQ_OP_DRV_IN, 0);
	if (IS_ERR(rq))
		return PTR_ERR(rq);
	ret = blk_rq_map_kern(q, rq, buf, len, GFP_KERNEL);
	if (ret)
		goto out;
	ret = blk_status_to_errno(blk_execute_rq(rq, false));
out:
	blk_mq_free_request(rq);
	return ret;
}
