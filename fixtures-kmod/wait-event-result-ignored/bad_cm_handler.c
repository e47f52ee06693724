// SPDX-License-Identifier: GPL-2.0
/*
 * An RDMA connection-manager event handler: whatever non-zero it returns
 * makes the CM destroy the id, so `return ret` is no way to pass a signal on.
 * On device removal it must wait for the connection to go down before it
 * frees it.
 */
#include <linux/slab.h>
#include <linux/wait.h>
#include <rdma/rdma_cm.h>

struct cmh_conn {
	wait_queue_head_t down_wq;
	int state;
};

#define CMH_DOWN 3

static int cmh_cma_handler(struct rdma_cm_id *cma_id, struct rdma_cm_event *event)
{
	struct cmh_conn *conn = cma_id->context;

	switch (event->event) {
	case RDMA_CM_EVENT_DEVICE_REMOVAL:
		rdma_disconnect(cma_id);
		wait_event_interruptible(conn->down_wq, conn->state == CMH_DOWN); /* expect: wait-event-result-ignored */
		kfree(conn);
		return 1;
	default:
		return 0;
	}
}

struct rdma_cm_id *cmh_listen(struct net *net, void *ctx)
{
	return rdma_create_id(net, cmh_cma_handler, ctx, RDMA_PS_TCP, IB_QPT_RC);
}
