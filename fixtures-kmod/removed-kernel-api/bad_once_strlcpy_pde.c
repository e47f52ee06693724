// SPDX-License-Identifier: GPL-2.0
/*
 * Smaller renames: ACCESS_ONCE(), strlcpy(), PDE_DATA().
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/string.h>

struct osp_state {
	int generation;
	char label[16];
};

static int osp_show(struct seq_file *m, void *v)
{
	struct osp_state *st = m->private;

	seq_printf(m, "%s %d\n", st->label, ACCESS_ONCE(st->generation)); /* expect: removed-kernel-api */
	return 0;
}

static int osp_open(struct inode *inode, struct file *file)
{
	return single_open(file, osp_show, PDE_DATA(inode)); /* expect: removed-kernel-api */
}

void osp_set_label(struct osp_state *st, const char *name)
{
	strlcpy(st->label, name, sizeof(st->label)); /* expect: removed-kernel-api */
}

const struct proc_ops osp_ops = {
	.proc_open = osp_open,
	.proc_read = seq_read,
	.proc_release = single_release,
};
