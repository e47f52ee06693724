// SPDX-License-Identifier: GPL-2.0
/*
 * Smart-array passthrough: an asynchronous command hands the bio to its
 * completion and jumps past the unmap with ret still 0; only the
 * synchronous path unmaps here, and every error goes through the unmap.
 */
#include <linux/blkdev.h>
#include <linux/blk-mq.h>

struct sa_cmd {
	struct bio *bio;
	bool async;
	void __user *ubuf;
	unsigned int len;
};

enum rq_end_io_ret sa_end_io(struct request *rq, blk_status_t status);
int sa_status(struct request *rq);
int sa_check_len(struct sa_cmd *c);

int sa_passthru(struct request_queue *q, struct request *rq, struct sa_cmd *c)
{
	struct bio *bio;
	int ret;

	ret = blk_rq_map_user(q, rq, NULL, c->ubuf, c->len, GFP_KERNEL);
	if (ret)
		goto out_free;
	bio = rq->bio;
	if (sa_check_len(c) < 0) {
		ret = -EINVAL;
		goto out_unmap;
	}
	if (c->async) {
		c->bio = bio;
		rq->end_io = sa_end_io;
		blk_execute_rq_nowait(rq, false);
		goto out;
	}
	blk_execute_rq(rq, false);
	ret = sa_status(rq);
out_unmap:
	blk_rq_unmap_user(bio);
out_free:
	blk_mq_free_request(rq);
out:
	return ret;
}
