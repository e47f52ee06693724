// SPDX-License-Identifier: GPL-2.0
/*
 * cfgbus: a private register-bus ops table whose .read/.write take kernel
 * buffers (same shape as the VFS handlers), and a kernfs-style table.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/kernfs.h>
#include <linux/string.h>

struct cfgbus_ops {
	ssize_t (*read)(struct file *file, char *buf, size_t count, loff_t *pos);
	ssize_t (*write)(struct file *file, const char *buf, size_t count, loff_t *pos);
};

static u8 cfgbus_regs[64];

static ssize_t cfgbus_read(struct file *file, char *buf, size_t count, loff_t *pos)
{
	memcpy(buf, cfgbus_regs + *pos, count);
	return count;
}

static ssize_t cfgbus_write(struct file *file, const char *buf, size_t count, loff_t *pos)
{
	memcpy(cfgbus_regs + *pos, buf, count);
	return count;
}

static const struct cfgbus_ops cfgbus_mem_ops = {
	.read	= cfgbus_read,
	.write	= cfgbus_write,
};

static ssize_t cfgbus_kn_read(struct kernfs_open_file *of, char *buf, size_t bytes, loff_t off)
{
	return 0;
}

static const struct kernfs_ops cfgbus_kn_ops = {
	.read	= cfgbus_kn_read,
};

MODULE_LICENSE("GPL");
