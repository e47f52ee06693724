// SPDX-License-Identifier: GPL-2.0
/*
 * CD-ROM raw read: the unmap is there, but it is given rq->bio after the
 * request completed, when rq->bio no longer points at the mapped bios.
 */
#include <linux/blkdev.h>
#include <linux/blk-mq.h>
#include <scsi/scsi_cmnd.h>

int cdr_read_raw(struct request_queue *q, void __user *ubuf, u32 lba, u32 nr)
{
	struct scsi_cmnd *scmd;
	struct request *rq;
	int ret;

	rq = scsi_alloc_request(q, REQ_OP_DRV_IN, 0);
	if (IS_ERR(rq))
		return PTR_ERR(rq);
	scmd = blk_mq_rq_to_pdu(rq);
	ret = blk_rq_map_user(q, rq, NULL, ubuf, nr * 2352, GFP_KERNEL);
	if (ret)
		goto out_put;
	scmd->cmnd[0] = 0xbe;
	put_unaligned_be32(lba, &scmd->cmnd[2]);
	put_unaligned_be24(nr, &scmd->cmnd[6]);
	scmd->cmd_len = 12;
	blk_execute_rq(rq, false);
	if (scmd->result)
		ret = -EIO;
	if (blk_rq_unmap_user(rq->bio)) /* expect: blk-rq-map-user-unpaired */
		ret = -EFAULT;
out_put:
	blk_mq_free_request(rq);
	return ret;
}
