// SPDX-License-Identifier: GPL-2.0
/*
 * gsbf: helpers outside the copy family that DO return negative errnos:
 * simple_read_from_buffer(), simple_write_to_buffer() and memdup_user().
 */
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#define GSBF_SZ		128

static char gsbf_data[GSBF_SZ];
static u32 gsbf_magic;
static bool gsbf_dirty;

static ssize_t gsbf_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	return simple_read_from_buffer(buf, count, ppos, gsbf_data, GSBF_SZ);
}

static ssize_t gsbf_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	ssize_t ret;
	u32 *hdr;

	if (count < sizeof(*hdr))
		return -EINVAL;
	hdr = memdup_user(buf, sizeof(*hdr));
	if (IS_ERR(hdr))
		return PTR_ERR(hdr);
	gsbf_magic = *hdr;
	kfree(hdr);

	ret = simple_write_to_buffer(gsbf_data, GSBF_SZ, ppos, buf, count);
	if (ret < 0)
		return ret;
	gsbf_dirty = true;
	return ret;
}

const struct file_operations gsbf_fops = {
	.owner	= THIS_MODULE,
	.read	= gsbf_read,
	.write	= gsbf_write,
	.llseek	= default_llseek,
};
