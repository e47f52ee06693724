// SPDX-License-Identifier: GPL-2.0
/*
 * lvlw: debug knobs.  The write handler swallows a faulting copy and
 * claims to have consumed the whole buffer; the read handler zeroes its
 * byte count on a fault, so userspace sees end-of-file.
 */
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/uaccess.h>

static unsigned int lvlw_level;

static ssize_t lvlw_write(struct file *file, const char __user *ubuf,
			  size_t count, loff_t *ppos)
{
	char buf[12] = {};
	size_t len = min(sizeof(buf) - 1, count);

	if (copy_from_user(buf, ubuf, len))
		return count; /* expect: copy-user-wrong-errno */
	if (kstrtouint(buf, 0, &lvlw_level))
		return -EINVAL;
	return count;
}

static ssize_t lvlw_read(struct file *file, char __user *ubuf, size_t count,
			 loff_t *ppos)
{
	char buf[12];
	ssize_t to_read;

	to_read = scnprintf(buf, sizeof(buf), "%u\n", lvlw_level);
	if (*ppos >= to_read)
		return 0;
	if (copy_to_user(ubuf, buf, to_read)) {
		to_read = 0; /* expect: copy-user-wrong-errno */
		goto done;
	}
	*ppos += to_read;
done:
	return to_read;
}

const struct file_operations lvlw_fops = {
	.read	= lvlw_read,
	.write	= lvlw_write,
};
