// SPDX-License-Identifier: GPL-2.0
/*
 * RAID controller firmware passthrough (blk_rq_map_user_io): the
 * timeout check after mapping uses the label meant for mapping errors.
 */
#include <linux/blkdev.h>
#include <linux/blk-mq.h>

struct rfw_ioc {
	void __user *buf;
	u32 len;
	u32 timeout_ms;
	bool vec;
	u16 nr_vecs;
};

int rfw_passthru(struct request_queue *q, struct rfw_ioc *ioc)
{
	struct request *rq;
	struct bio *bio;
	int ret;

	rq = blk_mq_alloc_request(q, REQ_OP_DRV_OUT, 0);
	if (IS_ERR(rq))
		return PTR_ERR(rq);
	ret = blk_rq_map_user_io(rq, NULL, ioc->buf, ioc->len, GFP_KERNEL, /* expect: blk-rq-map-user-unpaired */
				 ioc->vec, ioc->nr_vecs, 0, WRITE);
	if (ret)
		goto out;
	bio = rq->bio;
	if (ioc->timeout_ms > 600000) {
		ret = -EINVAL;
		goto out;
	}
	rq->timeout = msecs_to_jiffies(ioc->timeout_ms);
	ret = blk_status_to_errno(blk_execute_rq(rq, false));
	blk_rq_unmap_user(bio);
out:
	blk_mq_free_request(rq);
	return ret;
}
