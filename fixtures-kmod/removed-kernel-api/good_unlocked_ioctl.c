// SPDX-License-Identifier: GPL-2.0
/*
 * .unlocked_ioctl in the fops; .ioctl still exists in other ops tables
 * (block devices), which is fine.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/blkdev.h>
#include <linux/compat.h>

static long gui_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return -ENOTTY;
}

static const struct file_operations gui_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = gui_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static int gui_blk_ioctl(struct block_device *bdev, blk_mode_t mode, unsigned int cmd, unsigned long arg)
{
	return -ENOTTY;
}

static const struct block_device_operations gui_bops = {
	.owner = THIS_MODULE,
	.ioctl = gui_blk_ioctl,
};

const void *gui_tables[] = { &gui_fops, &gui_bops };
