// SPDX-License-Identifier: GPL-2.0
/*
 * Firmware start-up: the completion handler sets both the wake-up flag and
 * the hardware status; after the sleep the code goes on only when the status
 * is positively READY, so a signal (status still INITIALIZING) takes the
 * error path.
 */
#include <linux/wait.h>

enum hws_status { HWS_INITIALIZING, HWS_READY, HWS_FAILED };

struct hws_adapter {
	wait_queue_head_t init_wq;
	bool init_woken;
	enum hws_status hw_status;
};

int hws_start_fw(struct hws_adapter *adapter);

int hws_bring_up(struct hws_adapter *adapter)
{
	int ret;

	adapter->init_woken = false;
	ret = hws_start_fw(adapter);
	if (ret)
		return ret;
	wait_event_interruptible(adapter->init_wq, adapter->init_woken);
	if (adapter->hw_status != HWS_READY)
		return -EIO;
	return 0;
}
