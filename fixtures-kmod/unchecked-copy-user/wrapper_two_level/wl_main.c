// SPDX-License-Identifier: GPL-2.0
/*
 * wl: a WLAN test driver.  wl_get_word() is get_user() two macro levels down,
 * in two headers of the folder; one use drops its result.
 */
#include <linux/fs.h>
#include <linux/uaccess.h>

#include "wl_api.h"

struct wl_chan {
	u32 freq;
	u32 width;
};

static struct wl_chan wl_cur;

static long wl_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	u32 __user *p = (u32 __user *)arg;

	if (cmd == 1) {
		if (copy_from_user(&wl_cur, p, sizeof(wl_cur)))
			return -EFAULT;
		return 0;
	}
	wl_get_word(wl_cur.freq, p); /* expect: unchecked-copy-user */
	if (wl_get_word(wl_cur.width, p + 1))
		return -EFAULT;
	return 0;
}

const struct file_operations wl_fops = {
	.unlocked_ioctl	= wl_ioctl,
};
