// SPDX-License-Identifier: GPL-2.0
/*
 * nina: samples a user-space counter from an atomic context.  The
 * inatomic copy fails by returning a positive remainder, not -EFAULT.
 */
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

struct nina_sample {
	u64 user_counter;
	u32 valid;
};

static DEFINE_SPINLOCK(nina_lock);
static struct nina_sample nina_last;

int nina_sample_counter(const u64 __user *uptr)
{
	u64 val;

	spin_lock(&nina_lock);
	pagefault_disable();
	if (copy_from_user_inatomic(&val, uptr, sizeof(val)) < 0) { /* expect: copy-user-negative-check */
		pagefault_enable();
		nina_last.valid = 0;
		spin_unlock(&nina_lock);
		return -EFAULT;
	}
	pagefault_enable();
	nina_last.user_counter = val;
	nina_last.valid = 1;
	spin_unlock(&nina_lock);
	return 0;
}
