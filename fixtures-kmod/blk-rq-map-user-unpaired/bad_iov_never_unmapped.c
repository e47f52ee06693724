// SPDX-License-Identifier: GPL-2.0
/*
 * Zoned-device management passthrough with a vectored buffer: the
 * iov_iter is mapped, executed, and the request freed.
 */
#include <linux/blkdev.h>
#include <linux/blk-mq.h>
#include <linux/uio.h>

struct zmgmt_pdu {
	u8 op;
	int status;
};

int zmgmt_vectored(struct request_queue *q, u8 op, const struct iovec __user *uvec, unsigned int nr_segs)
{
	struct iovec fast[UIO_FASTIOV], *iov = fast;
	struct zmgmt_pdu *pdu;
	struct iov_iter iter;
	struct request *rq;
	int ret;

	ret = import_iovec(ITER_DEST, uvec, nr_segs, UIO_FASTIOV, &iov, &iter);
	if (ret < 0)
		return ret;
	rq = blk_mq_alloc_request(q, REQ_OP_DRV_IN, 0);
	if (IS_ERR(rq)) {
		ret = PTR_ERR(rq);
		goto out_free_iov;
	}
	ret = blk_rq_map_user_iov(q, rq, NULL, &iter, GFP_KERNEL); /* expect: blk-rq-map-user-unpaired */
	if (ret < 0)
		goto out_free_rq;
	pdu = blk_mq_rq_to_pdu(rq);
	pdu->op = op;
	blk_execute_rq(rq, false);
	ret = pdu->status;
out_free_rq:
	blk_mq_free_request(rq);
out_free_iov:
	kfree(iov);
	return ret;
}
