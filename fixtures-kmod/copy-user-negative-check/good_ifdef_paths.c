// SPDX-License-Identifier: GPL-2.0
/*
 * gifp: a copy helper with an #ifdef'd fast path.  Each path tests the
 * remainder correctly; the later "< 0" is on the hardware status.
 */
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/uaccess.h>

#define GIFP_WORDS	16

static void __iomem *gifp_base;

static int gifp_commit(const u32 *w, int n)
{
	int i;

	for (i = 0; i < n; i++)
		writel(w[i], gifp_base + 4 * i);
	return (readl(gifp_base + 0x80) & 0x1) ? -EIO : n;
}

static ssize_t gifp_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	u32 words[GIFP_WORDS];
	size_t n = min_t(size_t, count, sizeof(words)) & ~3UL;
	long ret;

#ifdef CONFIG_GIFP_FASTPATH
	if (!access_ok(buf, n))
		return -EFAULT;
	ret = __copy_from_user(words, buf, n);
#else
	ret = copy_from_user(words, buf, n);
#endif
	if (ret)
		return -EFAULT;

	ret = gifp_commit(words, n / 4);
	if (ret < 0)
		return ret;
	return ret * 4;
}

const struct file_operations gifp_fops = {
	.owner	= THIS_MODULE,
	.write	= gifp_write,
	.llseek	= noop_llseek,
};
