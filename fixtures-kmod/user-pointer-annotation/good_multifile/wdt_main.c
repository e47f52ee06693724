// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include "wdt.h"

static const struct file_operations wdt_fops = {
	.owner	= THIS_MODULE,
	.write	= wdt_write,
	.read	= wdt_read,
};

static struct miscdevice wdt_misc = {
	.minor	= WATCHDOG_MINOR,
	.name	= "watchdog",
	.fops	= &wdt_fops,
};

module_misc_device(wdt_misc);
MODULE_LICENSE("GPL");
