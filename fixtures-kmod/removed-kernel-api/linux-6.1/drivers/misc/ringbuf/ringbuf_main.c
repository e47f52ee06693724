// SPDX-License-Identifier: GPL-2.0
/*
 * ringbuf: a user-mapped descriptor ring. Some of its conditionals test names
 * only an out-of-tree build used to pass with -D; in the kernel tree nothing
 * defines them, so their branches are not compiled.
 */
#include <linux/mm.h>
#include <linux/uaccess.h>
#include "ringbuf_regs.h"

struct ringbuf {
	void __iomem *regs;
	unsigned long user_base;
	size_t size;
	u32 head;
};

static int ringbuf_check_user(struct ringbuf *rb, unsigned long addr, size_t len)
{
	/* No Makefile passes -D_RINGBUF_OLD_UACCESS and no header defines it. */
#ifdef _RINGBUF_OLD_UACCESS
	if (!access_ok(VERIFY_WRITE, (void __user *)addr, len)) {
#else
	if (!access_ok((void __user *)addr, len)) {
#endif
		rb->user_base = 0;
		return -EFAULT;
	}
	rb->user_base = addr;
	return 0;
}

static u32 ringbuf_read_head(struct ringbuf *rb)
{
	/* The folder's Makefile defines RINGBUF_DESC_V2 for every build. */
#ifdef RINGBUF_DESC_V2
	return ACCESS_ONCE(rb->head); /* expect: removed-kernel-api */
#else
	return ACCESS_ONCE(rb->head) & 0xffff;
#endif
}

static void ringbuf_trace(struct ringbuf *rb)
{
	/* Only some configurations pass -DRINGBUF_TRACE: both sides may be compiled. */
#ifdef RINGBUF_TRACE
	pr_debug("ringbuf head %u\n", ACCESS_ONCE(rb->head)); /* expect: removed-kernel-api */
#endif
}

static bool ringbuf_wide(struct ringbuf *rb)
{
	/* Defined by the local header under a CONFIG_ option: unknown, so reported. */
#ifdef RINGBUF_WIDE_DESC
	return ACCESS_ONCE(rb->size) > 4096; /* expect: removed-kernel-api */
#else
	return false;
#endif
}

#if RINGBUF_HAS_SNOOP
static void ringbuf_snoop(struct ringbuf *rb)
{
	rb->head = ACCESS_ONCE(rb->head) + 1;
}
#endif
