// SPDX-License-Identifier: GPL-2.0
/*
 * Transport-layer bsg handler with bidirectional requests: when mapping
 * the data-out buffer fails, the already mapped data-in request is freed
 * without being unmapped.
 */
#include <linux/blkdev.h>
#include <linux/blk-mq.h>

struct tbsg_hdr {
	void __user *din;
	u32 din_len;
	void __user *dout;
	u32 dout_len;
};

int tbsg_exec(struct request_queue *q, struct request *rq, struct tbsg_hdr *hdr)
{
	struct request *in_rq;
	struct bio *in_bio, *bio;
	int ret;

	in_rq = blk_mq_alloc_request(q, REQ_OP_DRV_IN, 0);
	if (IS_ERR(in_rq))
		return PTR_ERR(in_rq);
	ret = blk_rq_map_user(q, in_rq, NULL, hdr->din, hdr->din_len, GFP_KERNEL); /* expect: blk-rq-map-user-unpaired */
	if (ret)
		goto out_free_in;
	in_bio = in_rq->bio;

	ret = blk_rq_map_user(q, rq, NULL, hdr->dout, hdr->dout_len, GFP_KERNEL);
	if (ret)
		goto out_free_in;
	bio = rq->bio;

	blk_execute_rq(rq, false);
	blk_rq_unmap_user(bio);
	blk_rq_unmap_user(in_bio);
out_free_in:
	blk_mq_free_request(in_rq);
	return ret;
}
