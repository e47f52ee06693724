// SPDX-License-Identifier: GPL-2.0
/* The helper returns the debugfs error, but its only caller just warns. */
#include <linux/debugfs.h>
#include "wdt.h"

int wdt_debugfs_init(struct wdt *w)
{
	w->dbg = debugfs_create_dir("wdt", NULL);
	if (IS_ERR(w->dbg))
		return PTR_ERR(w->dbg);
	debugfs_create_x32("ctrl", 0400, w->dbg, &w->ctrl);
	return 0;
}
