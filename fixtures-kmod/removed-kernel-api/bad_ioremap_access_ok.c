// SPDX-License-Identifier: GPL-2.0
/*
 * 4.x-era MMIO and user-pointer checks.
 */
#include <linux/io.h>
#include <linux/uaccess.h>
#include <linux/platform_device.h>

struct iao_dev {
	void __iomem *regs;
};

int iao_map(struct iao_dev *d, struct resource *res)
{
	d->regs = ioremap_nocache(res->start, resource_size(res)); /* expect: removed-kernel-api */
	return d->regs ? 0 : -ENOMEM;
}

long iao_read_regs(struct iao_dev *d, u32 __user *ubuf, size_t n)
{
	size_t i;

	if (!access_ok(VERIFY_WRITE, ubuf, n * sizeof(u32))) /* expect: removed-kernel-api */
		return -EFAULT;
	for (i = 0; i < n; i++)
		if (__put_user(readl(d->regs + 4 * i), ubuf + i))
			return -EFAULT;
	return 0;
}
