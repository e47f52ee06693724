// SPDX-License-Identifier: GPL-2.0
/*
 * The old spelling behind a flag the Makefile may set: kmodlint cannot know the
 * flag, the target may compile that branch, so it is checked.  The modern branch
 * of a version check is checked too.
 */
#include <linux/version.h>
#include <linux/uaccess.h>
#include <linux/string.h>

bool gff_user_ok(const void __user *p, size_t len)
{
#ifdef HAVE_ACCESS_OK_TYPE
	return access_ok(VERIFY_READ, p, len); /* expect: removed-kernel-api */
#else
	return access_ok(p, len);
#endif
}

void gff_name(char *dst, const char *src, size_t size)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(4, 3, 0)
	strlcpy(dst, src, size); /* expect: removed-kernel-api */
#else
	strncpy(dst, src, size);
#endif
}
