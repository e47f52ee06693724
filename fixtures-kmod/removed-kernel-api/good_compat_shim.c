// SPDX-License-Identifier: GPL-2.0
/*
 * The driver provides the old names itself, on top of the new API.
 */
#include <linux/io.h>
#include <linux/string.h>

#define ioremap_nocache(addr, size) ioremap(addr, size)

static inline size_t strlcpy(char *dst, const char *src, size_t size)
{
	ssize_t ret = strscpy(dst, src, size);

	return ret < 0 ? strlen(src) : ret;
}

struct gcs_dev {
	void __iomem *regs;
	char name[16];
};

int gcs_setup(struct gcs_dev *d, phys_addr_t base, const char *name)
{
	strlcpy(d->name, name, sizeof(d->name));
	d->regs = ioremap_nocache(base, 0x1000);
	return d->regs ? 0 : -ENOMEM;
}
