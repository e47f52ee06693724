// SPDX-License-Identifier: GPL-2.0
/*
 * ltab: dumps a routing table one entry at a time.  access_ok() is done
 * once up front, and then the per-entry copies are never checked.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/mutex.h>
#include <linux/uaccess.h>

#define LTAB_ENTRIES	64

struct ltab_entry {
	u32 dst;
	u32 mask;
	u16 port;
	u16 flags;
};

struct ltab_dump {
	u32 count;
	struct ltab_entry __user *entries;
};

#define LTAB_IOC_DUMP	_IOWR('l', 1, struct ltab_dump)

static struct ltab_entry ltab_table[LTAB_ENTRIES];
static unsigned int ltab_used;
static DEFINE_MUTEX(ltab_lock);

static long ltab_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ltab_dump req;
	unsigned int i, n;

	if (cmd != LTAB_IOC_DUMP)
		return -ENOTTY;
	if (copy_from_user(&req, (void __user *)arg, sizeof(req)))
		return -EFAULT;

	mutex_lock(&ltab_lock);
	n = min(req.count, ltab_used);
	if (!access_ok(req.entries, n * sizeof(struct ltab_entry))) {
		mutex_unlock(&ltab_lock);
		return -EFAULT;
	}
	for (i = 0; i < n; i++)
		__copy_to_user(&req.entries[i], &ltab_table[i], sizeof(ltab_table[i])); /* expect: unchecked-copy-user */
	mutex_unlock(&ltab_lock);

	return n;
}

const struct file_operations ltab_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= ltab_ioctl,
	.llseek		= noop_llseek,
};
