// SPDX-License-Identifier: GPL-2.0
/*
 * Firmware trace over relay, with the channel buffers put on debugfs.
 * relay_file_operations has .mmap (that is how relay is meant to be
 * read), so creating its files with debugfs_create_file() loses mmap.
 */
#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/relay.h>

static struct dentry *fwtr_dir;
static struct rchan *fwtr_chan;

static struct dentry *fwtr_create_buf_file(const char *filename,
					   struct dentry *parent,
					   umode_t mode,
					   struct rchan_buf *buf,
					   int *is_global)
{
	*is_global = 1;
	return debugfs_create_file(filename, mode, parent, buf, &relay_file_operations); /* expect: debugfs-mmap-ignored */
}

static int fwtr_remove_buf_file(struct dentry *dentry)
{
	debugfs_remove(dentry);
	return 0;
}

static const struct rchan_callbacks fwtr_relay_cb = {
	.create_buf_file = fwtr_create_buf_file,
	.remove_buf_file = fwtr_remove_buf_file,
};

void fwtr_log(const void *rec, size_t len)
{
	if (fwtr_chan)
		relay_write(fwtr_chan, rec, len);
}
EXPORT_SYMBOL_GPL(fwtr_log);

static int __init fwtr_init(void)
{
	fwtr_dir = debugfs_create_dir("fwtrace", NULL);
	fwtr_chan = relay_open("cpu", fwtr_dir, 16384, 8, &fwtr_relay_cb, NULL);
	if (!fwtr_chan) {
		debugfs_remove_recursive(fwtr_dir);
		return -ENOMEM;
	}
	return 0;
}

static void __exit fwtr_exit(void)
{
	relay_close(fwtr_chan);
	debugfs_remove_recursive(fwtr_dir);
}

module_init(fwtr_init);
module_exit(fwtr_exit);
MODULE_LICENSE("GPL");
