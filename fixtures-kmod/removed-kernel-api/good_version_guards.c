// SPDX-License-Identifier: GPL-2.0
/*
 * An out-of-tree driver that builds on old and new kernels: the old
 * spellings sit behind version checks and feature macros.
 */
#include <linux/version.h>
#include <linux/io.h>
#include <linux/uaccess.h>

void __iomem *gvg_map(phys_addr_t base, size_t len)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 6, 0)
	return ioremap_nocache(base, len);
#else
	return ioremap(base, len);
#endif
}

#define GVG_OLD_PROC 0

bool gvg_user_ok(const void __user *p, size_t len)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 0, 0) || defined(GVG_FORCE_OLD_UACCESS_NEVER_SET) && 0
	return access_ok(VERIFY_READ, p, len);
#else
	return access_ok(p, len);
#endif
}

/* Two headers for one body: the branch for old kernels is not compiled for the target. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(3, 10, 0)
static int gvg_proc(void)
{
	return create_proc_entry("gvg", 0, NULL) ? 0 : -ENOMEM;
#else
static int gvg_proc(void)
{
	return proc_create("gvg", 0, NULL, NULL) ? 0 : -ENOMEM;
#endif
}

#if GVG_OLD_PROC
static void gvg_old(void)
{
	create_proc_entry("gvg-old", 0, NULL);
}
#endif

#if 0
static void gvg_unused(void)
{
	create_proc_entry("gvg", 0, NULL);
}
#endif
