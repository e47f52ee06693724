// SPDX-License-Identifier: GPL-2.0
/*
 * atp: peeks at a user buffer from a context where page faults are
 * disabled, e.g. a tracing hook.  The non-sleeping copy may legitimately
 * fail, which makes ignoring its result even worse.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define ATP_PEEK_LEN	16

struct atp_record {
	unsigned long	addr;
	u8		bytes[ATP_PEEK_LEN];
};

static struct atp_record atp_last;

void atp_trace_hook(const void __user *uaddr)
{
	struct atp_record rec;

	memset(&rec, 0, sizeof(rec));
	rec.addr = (unsigned long)uaddr;

	pagefault_disable();
	copy_from_user_inatomic(rec.bytes, uaddr, sizeof(rec.bytes)); /* expect: unchecked-copy-user */
	pagefault_enable();

	atp_last = rec;
}

int atp_peek_word(const u32 __user *uaddr, u32 *out)
{
	unsigned long left;

	pagefault_disable();
	left = copy_from_user_inatomic(out, uaddr, sizeof(*out));
	pagefault_enable();

	return left ? -EFAULT : 0;
}
