// SPDX-License-Identifier: GPL-2.0
/*
 * Tape SG_IO, fixed: checks after the mapping go through the unmap label.
 */
#include <linux/blkdev.h>
#include <linux/blk-mq.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>

struct tpg_sg_io {
	__u8 cmd_len;
	__u8 cmnd[32];
	void __user *dxferp;
	__u32 dxfer_len;
	__s32 status;
};

int tpg_sg_io(struct scsi_device *sdev, struct tpg_sg_io *hdr)
{
	struct scsi_cmnd *scmd;
	struct request *rq;
	struct bio *bio;
	int ret;

	rq = scsi_alloc_request(sdev->request_queue, REQ_OP_DRV_IN, 0);
	if (IS_ERR(rq))
		return PTR_ERR(rq);
	scmd = blk_mq_rq_to_pdu(rq);

	ret = blk_rq_map_user(sdev->request_queue, rq, NULL, hdr->dxferp,
			      hdr->dxfer_len, GFP_KERNEL);
	if (ret)
		goto out_put_request;
	bio = rq->bio;

	if (hdr->cmd_len > sizeof(scmd->cmnd)) {
		ret = -EINVAL;
		goto out_unmap;
	}
	memcpy(scmd->cmnd, hdr->cmnd, hdr->cmd_len);
	scmd->cmd_len = hdr->cmd_len;

	blk_execute_rq(rq, false);
	hdr->status = scmd->result & 0xff;
out_unmap:
	if (blk_rq_unmap_user(bio) && !ret)
		ret = -EFAULT;
out_put_request:
	blk_mq_free_request(rq);
	return ret;
}
