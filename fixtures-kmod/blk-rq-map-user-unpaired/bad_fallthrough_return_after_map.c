// SPDX-License-Identifier: GPL-2.0
/*
 * Vendor passthrough for a RAID HBA: the command runs and unmaps inside
 * the "it fits" block; a command too long for the frame falls out of that
 * block and returns straight away, with the user pages still pinned.
 */
#include <linux/blkdev.h>
#include <linux/blk-mq.h>

struct hba_vcmd {
	void __user *buf;
	__u32 len;
	__u16 frame_len;
	__s32 result;
};

#define HBA_FRAME_MAX	64

int hba_result(struct request *rq);

int hba_vendor_cmd(struct request_queue *q, struct hba_vcmd *vc)
{
	struct request *rq;
	struct bio *bio;
	int err;

	rq = blk_mq_alloc_request(q, REQ_OP_DRV_OUT, 0);
	if (IS_ERR(rq))
		return PTR_ERR(rq);
	err = blk_rq_map_user(q, rq, NULL, vc->buf, vc->len, GFP_KERNEL); /* expect: blk-rq-map-user-unpaired */
	if (err) {
		blk_mq_free_request(rq);
		return err;
	}
	bio = rq->bio;

	if (likely(vc->frame_len <= HBA_FRAME_MAX)) {
		blk_execute_rq(rq, false);
		vc->result = hba_result(rq);
		err = blk_rq_unmap_user(bio);
		blk_mq_free_request(rq);
		return err;
	}
	blk_mq_free_request(rq);
	return -EOVERFLOW;
}
