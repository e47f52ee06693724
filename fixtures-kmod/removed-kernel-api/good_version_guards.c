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

bool gvg_user_ok(const void __user *p, size_t len)
{
#ifdef HAVE_ACCESS_OK_TYPE
	return access_ok(VERIFY_READ, p, len);
#else
	return access_ok(p, len);
#endif
}

#if 0
static void gvg_unused(void)
{
	create_proc_entry("gvg", 0, NULL);
}
#endif
