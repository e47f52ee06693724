// SPDX-License-Identifier: GPL-2.0
/*
 * rtcnv: NVRAM window of the board RTC. Checks that fail return before
 * anything is registered; the only return after it is the success path.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/io.h>

#define RTCNV_MAJOR	0

static int rtcnv_major;
static void __iomem *rtcnv_base;
static int nvram_size = 114;
module_param(nvram_size, int, 0444);

static const struct file_operations rtcnv_fops = {
	.owner = THIS_MODULE,
};

static int __init rtcnv_init(void)
{
	if (nvram_size <= 0 || nvram_size > 242)
		return -EINVAL;

	rtcnv_base = ioremap(0xfed00000, 0x100);
	if (!rtcnv_base)
		return -ENOMEM;

	rtcnv_major = register_chrdev(RTCNV_MAJOR, "rtcnv", &rtcnv_fops);
	if (rtcnv_major < 0) {
		iounmap(rtcnv_base);
		return rtcnv_major;
	}

	if (nvram_size < 128)
		pr_info("rtcnv: small NVRAM (%d bytes)\n", nvram_size);
	return 0;
}

static void __exit rtcnv_exit(void)
{
	unregister_chrdev(rtcnv_major, "rtcnv");
	iounmap(rtcnv_base);
}

module_init(rtcnv_init);
module_exit(rtcnv_exit);
MODULE_LICENSE("GPL");
