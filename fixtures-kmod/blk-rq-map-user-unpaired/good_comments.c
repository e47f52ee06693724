// SPDX-License-Identifier: GPL-2.0
/*
 * This driver has no passthrough: blk_rq_map_user() is mentioned here
 * only to say that user buffers are copied with copy_from_user().
 */
#include <linux/blkdev.h>
#include <linux/uaccess.h>

int nopt_set_label(char *label, const char __user *ulabel, size_t len)
{
	if (len > 31)
		return -EINVAL;
	if (copy_from_user(label, ulabel, len))
		return -EFAULT;
	label[len] = '\0';
	pr_debug("nopt: label set without blk_rq_map_user(q, rq, ...)\n");
	return 0;
}
