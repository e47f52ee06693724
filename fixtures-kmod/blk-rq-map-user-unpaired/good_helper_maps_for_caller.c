// SPDX-License-Identifier: GPL-2.0
/*
 * Split like nvme: a helper maps (and unmaps only on its own failure);
 * the caller executes and unmaps.
 */
#include <linux/blkdev.h>
#include <linux/blk-mq.h>
#include <linux/blk-integrity.h>

static int hpt_map(struct request *req, void __user *buf, unsigned int len,
		   void __user *meta, unsigned int meta_len)
{
	struct bio *bio = NULL;
	int ret;

	ret = blk_rq_map_user(req->q, req, NULL, buf, len, GFP_KERNEL);
	if (ret)
		goto out;
	bio = req->bio;
	if (meta_len) {
		ret = blk_rq_integrity_map_user(req, meta, meta_len);
		if (ret)
			goto out_unmap;
	}
	return 0;

out_unmap:
	blk_rq_unmap_user(bio);
out:
	blk_mq_free_request(req);
	return ret;
}

int hpt_submit(struct request_queue *q, void __user *buf, unsigned int len)
{
	struct request *req;
	struct bio *bio;
	int ret;

	req = blk_mq_alloc_request(q, REQ_OP_DRV_IN, 0);
	if (IS_ERR(req))
		return PTR_ERR(req);
	ret = hpt_map(req, buf, len, NULL, 0);
	if (ret)
		return ret;
	bio = req->bio;
	ret = blk_status_to_errno(blk_execute_rq(req, false));
	blk_rq_unmap_user(bio);
	blk_mq_free_request(req);
	return ret;
}
