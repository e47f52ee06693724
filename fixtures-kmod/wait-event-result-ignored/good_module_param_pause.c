// SPDX-License-Identifier: GPL-2.0
/*
 * A debugging aid: with the module parameter set, a task that hits a user
 * error is parked until the administrator clears it. A signal letting the
 * task go is the way out, not a bug.
 */
#include <linux/module.h>
#include <linux/wait.h>

static int mpp_stop_on_error;
module_param_named(stop_on_error, mpp_stop_on_error, int, 0644);
static DECLARE_WAIT_QUEUE_HEAD(mpp_error_wait);

long mpp_ioctl_done(long ret)
{
	if (ret == -EINVAL && mpp_stop_on_error)
		wait_event_interruptible(mpp_error_wait, mpp_stop_on_error < 2);
	return ret;
}
