// SPDX-License-Identifier: GPL-2.0
/*
 * gcms: documentation of the pitfall, in comments and strings only.
 *
 * Never write "if (copy_from_user(dst, src, n) < 0)": the function
 * returns how many bytes were NOT copied, so that test is always false.
 */
#include <linux/fs.h>
#include <linux/uaccess.h>

static const char gcms_hint[] =
	"copy_to_user() < 0 never happens; test for non-zero instead\n";

static ssize_t gcms_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	size_t avail = sizeof(gcms_hint) - 1;
	size_t n;

	if (*ppos >= avail)
		return 0;
	n = min_t(size_t, count, avail - *ppos);

	/* was: if (copy_to_user(buf, gcms_hint + *ppos, n) < 0) */
	if (copy_to_user(buf, gcms_hint + *ppos, n))
		return -EFAULT;

	*ppos += n;
	return n;
}

const struct file_operations gcms_fops = {
	.owner	= THIS_MODULE,
	.read	= gcms_read,
	.llseek	= default_llseek,
};
