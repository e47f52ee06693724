// SPDX-License-Identifier: GPL-2.0
/*
 * NVMe-like admin passthrough in a vendor driver: a validation that
 * returns directly, after the buffer is already mapped.
 */
#include <linux/blkdev.h>
#include <linux/blk-mq.h>

struct vadm_cmd {
	u8 opcode;
	u32 nsid;
	void __user *buf;
	u32 len;
};

struct vadm_req {
	u8 opcode;
	u32 nsid;
	int status;
};

static int vadm_opcode_allowed(u8 opcode)
{
	return opcode != 0x80;
}

static int vadm_submit(struct request_queue *q, struct vadm_cmd *c)
{
	struct vadm_req *vreq;
	struct request *req;
	struct bio *bio = NULL;
	int ret;

	req = blk_mq_alloc_request(q, REQ_OP_DRV_OUT, 0);
	if (IS_ERR(req))
		return PTR_ERR(req);
	if (c->len) {
		ret = blk_rq_map_user(q, req, NULL, c->buf, c->len, GFP_KERNEL); /* expect: blk-rq-map-user-unpaired */
		if (ret) {
			blk_mq_free_request(req);
			return ret;
		}
		bio = req->bio;
	}
	if (!vadm_opcode_allowed(c->opcode)) {
		blk_mq_free_request(req);
		return -EPERM;
	}
	vreq = blk_mq_rq_to_pdu(req);
	vreq->opcode = c->opcode;
	vreq->nsid = c->nsid;
	blk_execute_rq(req, false);
	ret = vreq->status;
	if (bio)
		blk_rq_unmap_user(bio);
	blk_mq_free_request(req);
	return ret;
}

int vadm_ioctl_submit(struct request_queue *q, struct vadm_cmd *c)
{
	return vadm_submit(q, c);
}
