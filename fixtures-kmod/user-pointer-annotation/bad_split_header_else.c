// SPDX-License-Identifier: GPL-2.0
/*
 * lvlmon: reports a fill level as text. The read handler has two prototypes,
 * one per board option; the #else one (the usual build) lost __user on its
 * buffer. Both prototypes open the same body.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/kernel.h>

static int lvlmon_level;

#ifdef CONFIG_LVLMON_WIDE_COUNT
static ssize_t lvlmon_read(struct file *file, char __user *buf,
			   size_t count, loff_t *ppos)
#else
static ssize_t lvlmon_read(struct file *file, char *buf, /* expect: user-pointer-annotation */
			   size_t count, loff_t *ppos)
#endif
{
	char text[16];
	int len;

	len = scnprintf(text, sizeof(text), "%d\n", lvlmon_level);
	return simple_read_from_buffer(buf, count, ppos, text, len);
}

/* Both prototypes are right here: nothing to say on either side. */
#ifdef CONFIG_LVLMON_WIDE_COUNT
static ssize_t lvlmon_write(struct file *file, const char __user *buf,
			    size_t count, loff_t *ppos)
#else
static ssize_t lvlmon_write(struct file *file, const char __user *ubuf,
			    size_t count, loff_t *ppos)
#endif
{
	return count;
}

static const struct file_operations lvlmon_fops = {
	.owner	= THIS_MODULE,
	.read	= lvlmon_read,
	.write	= lvlmon_write,
};

static int __init lvlmon_init(void)
{
	return register_chrdev(0, "lvlmon", &lvlmon_fops) < 0 ? -EIO : 0;
}
module_init(lvlmon_init);
MODULE_LICENSE("GPL");
