/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pkgc's compatibility header: the old names the driver was written with,
 * mapped onto the API of the kernel it is built for.
 */
#ifndef PKGC_KERNEL_H
#define PKGC_KERNEL_H

#include <linux/version.h>
#include <linux/dma-mapping.h>
#include <linux/string.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 18, 0)
#define pci_map_single(pdev, ptr, size, dir) \
	dma_map_single(&(pdev)->dev, (ptr), (size), (dir))
#endif

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
static inline size_t strlcpy(char *dst, const char *src, size_t size)
{
	ssize_t copied = strscpy(dst, src, size);

	return copied < 0 ? strlen(src) : copied;
}
#endif

#define PKGC_HAVE_DMA_MASK_HELPER

#endif /* PKGC_KERNEL_H */
