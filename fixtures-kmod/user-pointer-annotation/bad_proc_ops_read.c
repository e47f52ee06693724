// SPDX-License-Identifier: GPL-2.0
/*
 * boardinfo: /proc/boardinfo with the board revision. proc_ops handlers
 * get the same userspace buffer as file_operations ones.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/uaccess.h>

static const char boardinfo_text[] = "rev B2\n";

static ssize_t boardinfo_read(struct file *file, char *ubuf, size_t count, loff_t *ppos) /* expect: user-pointer-annotation */
{
	return simple_read_from_buffer(ubuf, count, ppos, boardinfo_text, sizeof(boardinfo_text) - 1);
}

static ssize_t boardinfo_write(struct file *file, const char * __user ubuf, /* expect: user-pointer-annotation */
			       size_t count, loff_t *ppos)
{
	return -EPERM;
}

static const struct proc_ops boardinfo_proc_ops = {
	.proc_read	= boardinfo_read,
	.proc_write	= boardinfo_write,
	.proc_lseek	= default_llseek,
};

static int __init boardinfo_init(void)
{
	if (!proc_create("boardinfo", 0644, NULL, &boardinfo_proc_ops))
		return -ENOMEM;
	return 0;
}

module_init(boardinfo_init);
MODULE_LICENSE("GPL");
