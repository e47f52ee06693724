// SPDX-License-Identifier: GPL-2.0
/*
 * Object list dumped through a seq_file and cleared by writing "clear",
 * the way a leak tracker would.  No .mmap anywhere.
 */
#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include <linux/string.h>

#define OTRK_MAX 64

static unsigned long otrk_objs[OTRK_MAX];
static unsigned int otrk_count;

static void *otrk_start(struct seq_file *m, loff_t *pos)
{
	return *pos < otrk_count ? &otrk_objs[*pos] : NULL;
}

static void *otrk_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return otrk_start(m, pos);
}

static void otrk_stop(struct seq_file *m, void *v)
{
}

static int otrk_show(struct seq_file *m, void *v)
{
	seq_printf(m, "object 0x%lx\n", *(unsigned long *)v);
	return 0;
}

static const struct seq_operations otrk_seq_ops = {
	.start	= otrk_start,
	.next	= otrk_next,
	.stop	= otrk_stop,
	.show	= otrk_show,
};

static int otrk_open(struct inode *inode, struct file *file)
{
	return seq_open(file, &otrk_seq_ops);
}

static ssize_t otrk_write(struct file *file, const char __user *ubuf,
			  size_t size, loff_t *ppos)
{
	char cmd[8] = {};

	if (size >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, size))
		return -EFAULT;
	if (strncmp(cmd, "clear", 5))
		return -EINVAL;
	otrk_count = 0;
	return size;
}

static const struct file_operations otrk_fops = {
	.owner		= THIS_MODULE,
	.open		= otrk_open,
	.read		= seq_read,
	.write		= otrk_write,
	.llseek		= seq_lseek,
	.release	= seq_release,
};

static struct dentry *otrk_dentry;

static int __init otrk_init(void)
{
	otrk_dentry = debugfs_create_file("objtrack", 0644, NULL, NULL, &otrk_fops);
	return 0;
}

static void __exit otrk_exit(void)
{
	debugfs_remove(otrk_dentry);
}

module_init(otrk_init);
module_exit(otrk_exit);
MODULE_LICENSE("GPL");
