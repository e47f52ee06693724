// SPDX-License-Identifier: GPL-2.0
/*
 * Passthrough with a metadata buffer: a failure to map the metadata
 * leaves through the plain exit label, past the data unmap.
 */
#include <linux/blkdev.h>
#include <linux/blk-mq.h>
#include <linux/blk-integrity.h>

struct mdpt_cmd {
	void __user *data;
	u32 data_len;
	void __user *meta;
	u32 meta_len;
};

int mdpt_submit(struct request_queue *q, struct mdpt_cmd *c)
{
	struct request *req;
	struct bio *bio;
	int ret;

	req = blk_mq_alloc_request(q, REQ_OP_DRV_IN, 0);
	if (IS_ERR(req))
		return PTR_ERR(req);
	ret = blk_rq_map_user(q, req, NULL, c->data, c->data_len, GFP_KERNEL); /* expect: blk-rq-map-user-unpaired */
	if (ret)
		goto out_free;
	bio = req->bio;
	if (c->meta_len) {
		ret = blk_rq_integrity_map_user(req, c->meta, c->meta_len);
		if (ret)
			goto out_free;
	}
	ret = blk_status_to_errno(blk_execute_rq(req, false));
	blk_rq_unmap_user(bio);
out_free:
	blk_mq_free_request(req);
	return ret;
}
