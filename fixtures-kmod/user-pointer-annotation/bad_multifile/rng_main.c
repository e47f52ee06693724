// SPDX-License-Identifier: GPL-2.0
/*
 * hwrng_chr: character device front-end; the handlers live in rng_io.c.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include "rng.h"

static const struct file_operations rng_chr_fops = {
	.owner	= THIS_MODULE,
	.open	= rng_chr_open,
	.read	= rng_chr_read,		/* expect: user-pointer-annotation */
	.write	= rng_chr_write,
	.llseek	= noop_llseek,
};

static struct miscdevice rng_chr_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "hwrng_chr",
	.fops	= &rng_chr_fops,
};

module_misc_device(rng_chr_misc);
MODULE_LICENSE("GPL");
