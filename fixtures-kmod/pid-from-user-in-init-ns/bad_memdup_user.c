// SPDX-License-Identifier: GPL-2.0
/*
 * Shared-memory broker: a request names the peer process that may map a
 * region.  The whole request is duplicated from userspace.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/pid_namespace.h>

struct shm_grant_req {
	__s32 peer_pid;
	__u32 region;
	__u64 flags;
};

struct shm_region {
	struct pid *peer;
};

int shm_grant(struct shm_region *regions, unsigned int nr_regions, const void __user *uarg)
{
	struct shm_grant_req *req;
	struct pid *peer;
	int ret = 0;

	req = memdup_user(uarg, sizeof(*req));
	if (IS_ERR(req))
		return PTR_ERR(req);
	if (req->region >= nr_regions) {
		ret = -EINVAL;
		goto out;
	}
	peer = get_pid(find_pid_ns(req->peer_pid, &init_pid_ns)); /* expect: pid-from-user-in-init-ns */
	if (!peer) {
		ret = -ESRCH;
		goto out;
	}
	put_pid(regions[req->region].peer);
	regions[req->region].peer = peer;
out:
	kfree(req);
	return ret;
}
