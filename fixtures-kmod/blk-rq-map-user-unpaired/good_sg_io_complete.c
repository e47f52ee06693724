// SPDX-License-Identifier: GPL-2.0
/*
 * Vendor passthrough, fixed: save the bio, execute, unmap, free.
 */
#include <linux/blkdev.h>
#include <linux/blk-mq.h>
#include <linux/uaccess.h>

struct gpt_cmd {
	__u8	cdb[16];
	__u64	addr;
	__u32	len;
	__u32	status;
};

struct gpt_pdu {
	u8 cdb[16];
	int result;
};

int gpt_passthru(struct request_queue *q, struct gpt_cmd __user *ucmd)
{
	struct gpt_cmd cmd;
	struct gpt_pdu *pdu;
	struct request *rq;
	struct bio *bio = NULL;
	int ret = 0;

	if (copy_from_user(&cmd, ucmd, sizeof(cmd)))
		return -EFAULT;
	rq = blk_mq_alloc_request(q, REQ_OP_DRV_IN, 0);
	if (IS_ERR(rq))
		return PTR_ERR(rq);
	pdu = blk_mq_rq_to_pdu(rq);
	memcpy(pdu->cdb, cmd.cdb, sizeof(pdu->cdb));

	if (cmd.len) {
		ret = blk_rq_map_user(q, rq, NULL, u64_to_user_ptr(cmd.addr), cmd.len, GFP_KERNEL);
		if (ret)
			goto out;
		bio = rq->bio;
	}
	blk_execute_rq(rq, false);
	if (bio)
		blk_rq_unmap_user(bio);
	ret = put_user(pdu->result, &ucmd->status);
out:
	blk_mq_free_request(rq);
	return ret;
}
