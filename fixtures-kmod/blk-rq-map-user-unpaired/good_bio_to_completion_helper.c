// SPDX-License-Identifier: GPL-2.0
/*
 * Like scsi_ioctl's sg_io: the saved bio is handed to the completion
 * helper, which copies the sense data and unmaps.
 */
#include <linux/blkdev.h>
#include <linux/blk-mq.h>
#include <scsi/scsi_cmnd.h>

struct cpl_hdr {
	void __user *dxferp;
	u32 dxfer_len;
	int status;
};

static int cpl_complete(struct request *rq, struct cpl_hdr *hdr, struct bio *bio)
{
	struct scsi_cmnd *scmd = blk_mq_rq_to_pdu(rq);
	int ret = 0;

	hdr->status = scmd->result & 0xff;
	if (blk_rq_unmap_user(bio))
		ret = -EFAULT;
	return ret;
}

int cpl_sg_io(struct request_queue *q, struct cpl_hdr *hdr)
{
	struct request *rq;
	struct bio *bio;
	int ret;

	rq = scsi_alloc_request(q, REQ_OP_DRV_IN, 0);
	if (IS_ERR(rq))
		return PTR_ERR(rq);
	ret = blk_rq_map_user(q, rq, NULL, hdr->dxferp, hdr->dxfer_len, GFP_KERNEL);
	if (ret)
		goto out_put;
	bio = rq->bio;
	blk_execute_rq(rq, false);
	ret = cpl_complete(rq, hdr, bio);
out_put:
	blk_mq_free_request(rq);
	return ret;
}
