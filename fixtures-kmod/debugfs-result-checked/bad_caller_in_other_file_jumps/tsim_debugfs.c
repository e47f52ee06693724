// SPDX-License-Identifier: GPL-2.0
/* The debugfs part of a test simulator: its init fails when debugfs does. */
#include <linux/debugfs.h>
#include "tsim.h"

int tsim_debugfs_init(struct tsim *ts)
{
	int err;

	ts->ddir = debugfs_create_dir("tsim", NULL);
	if (IS_ERR(ts->ddir)) { /* expect: debugfs-result-checked */
		err = PTR_ERR(ts->ddir);
		goto err_out;
	}
	debugfs_create_u32("rate", 0600, ts->ddir, &ts->rate);
	return 0;

err_out:
	ts->ddir = NULL;
	return err;
}
