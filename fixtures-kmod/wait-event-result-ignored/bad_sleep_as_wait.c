// SPDX-License-Identifier: GPL-2.0
/*
 * A 40 ms delay written as a wait on a condition that is never true: a
 * signal cuts it short, and checking the result is not the fix, a sleep is.
 */
#include <linux/hid.h>
#include <linux/wait.h>

int saw_link_setup(struct hid_device *hdev, u8 *buf, size_t len)
{
	wait_queue_head_t wait;
	int ret;

	ret = hid_hw_raw_request(hdev, buf[0], buf, len, HID_FEATURE_REPORT, HID_REQ_SET_REPORT);
	if (ret < 0)
		return ret;
	init_waitqueue_head(&wait);
	wait_event_interruptible_timeout(wait, 0, msecs_to_jiffies(40)); /* expect: wait-event-result-ignored */
	return hid_hw_raw_request(hdev, buf[0], buf, len, HID_FEATURE_REPORT, HID_REQ_SET_REPORT);
}
