/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _PMON_H
#define _PMON_H

#include <linux/fs.h>

struct pmon_dev {
	void *samples;
	size_t size;
	struct dentry *dbg;
};

extern const struct file_operations pmon_samples_fops;

void pmon_debugfs_init(struct pmon_dev *pm);
void pmon_debugfs_exit(struct pmon_dev *pm);

#endif
