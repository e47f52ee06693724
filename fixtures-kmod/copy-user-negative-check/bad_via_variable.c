// SPDX-License-Identifier: GPL-2.0
/*
 * nvar: a log device whose read path stores the copy result and then
 * tests it for a negative errno it can never hold.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/uaccess.h>

#define NVAR_LOG_SZ	1024

static char nvar_log[NVAR_LOG_SZ];
static size_t nvar_len;
static DEFINE_MUTEX(nvar_lock);

static ssize_t nvar_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	size_t n;
	int ret;

	mutex_lock(&nvar_lock);
	if (*ppos >= nvar_len) {
		mutex_unlock(&nvar_lock);
		return 0;
	}
	n = min_t(size_t, count, nvar_len - *ppos);
	ret = copy_to_user(buf, nvar_log + *ppos, n);
	mutex_unlock(&nvar_lock);
	if (ret < 0) /* expect: copy-user-negative-check */
		return -EFAULT;

	*ppos += n;
	return n;
}

static const struct file_operations nvar_fops = {
	.owner	= THIS_MODULE,
	.read	= nvar_read,
	.llseek	= default_llseek,
};

static struct miscdevice nvar_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "nvar_log",
	.fops	= &nvar_fops,
};
module_misc_device(nvar_misc);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("read-only log buffer");
