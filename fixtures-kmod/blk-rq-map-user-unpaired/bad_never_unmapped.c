// SPDX-License-Identifier: GPL-2.0
/*
 * Vendor passthrough ioctl for a storage controller: map the user
 * buffer, run the command, copy the status back.  The mapping is never
 * undone.
 */
#include <linux/blkdev.h>
#include <linux/blk-mq.h>
#include <linux/uaccess.h>

struct vpt_cmd {
	__u8	cdb[16];
	__u64	addr;
	__u32	len;
	__u32	status;
};

struct vpt_pdu {
	u8 cdb[16];
	int result;
};

int vpt_passthru(struct request_queue *q, struct vpt_cmd __user *ucmd)
{
	struct vpt_cmd cmd;
	struct vpt_pdu *pdu;
	struct request *rq;
	int ret;

	if (copy_from_user(&cmd, ucmd, sizeof(cmd)))
		return -EFAULT;
	rq = blk_mq_alloc_request(q, REQ_OP_DRV_IN, 0);
	if (IS_ERR(rq))
		return PTR_ERR(rq);
	pdu = blk_mq_rq_to_pdu(rq);
	memcpy(pdu->cdb, cmd.cdb, sizeof(pdu->cdb));

	if (cmd.len) {
		ret = blk_rq_map_user(q, rq, NULL, u64_to_user_ptr(cmd.addr), cmd.len, GFP_KERNEL); /* expect: blk-rq-map-user-unpaired */
		if (ret)
			goto out;
	}
	blk_execute_rq(rq, false);
	ret = put_user(pdu->result, &ucmd->status);
out:
	blk_mq_free_request(rq);
	return ret;
}
