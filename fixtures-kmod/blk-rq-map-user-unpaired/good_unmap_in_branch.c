// SPDX-License-Identifier: GPL-2.0
/*
 * Check after mapping that unmaps in its own branch before leaving.
 */
#include <linux/blkdev.h>
#include <linux/blk-mq.h>

struct bpt_cmd {
	u8 opcode;
	void __user *buf;
	u32 len;
};

static bool bpt_opcode_ok(u8 opcode)
{
	return opcode < 0xc0;
}

int bpt_submit(struct request_queue *q, struct bpt_cmd *c)
{
	struct request *req;
	struct bio *bio;
	int ret;

	req = blk_mq_alloc_request(q, REQ_OP_DRV_OUT, 0);
	if (IS_ERR(req))
		return PTR_ERR(req);
	ret = blk_rq_map_user(q, req, NULL, c->buf, c->len, GFP_KERNEL);
	if (ret < 0)
		goto out_free;
	bio = req->bio;
	if (!bpt_opcode_ok(c->opcode)) {
		blk_rq_unmap_user(bio);
		ret = -EPERM;
		goto out_free;
	}
	ret = blk_status_to_errno(blk_execute_rq(req, false));
	blk_rq_unmap_user(bio);
out_free:
	blk_mq_free_request(req);
	return ret;
}
