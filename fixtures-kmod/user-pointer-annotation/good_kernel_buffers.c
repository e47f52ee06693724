// SPDX-License-Identifier: GPL-2.0
/*
 * fanctl: formatting helpers and sysfs attributes work on kernel buffers;
 * only the fops handler touches user memory.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/device.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>

static int fanctl_rpm;

static ssize_t fanctl_format(char *buf, size_t len)
{
	return scnprintf(buf, len, "%d\n", fanctl_rpm);
}

static ssize_t fanctl_parse(struct file *file, const char *kbuf, size_t count, loff_t *ppos)
{
	return kstrtoint(kbuf, 0, &fanctl_rpm) ?: count;
}

static ssize_t rpm_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return fanctl_format(buf, PAGE_SIZE);
}

static ssize_t rpm_store(struct device *dev, struct device_attribute *attr,
			 const char *buf, size_t count)
{
	return fanctl_parse(NULL, buf, count, NULL);
}
static DEVICE_ATTR_RW(rpm);

static ssize_t fanctl_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	char text[16];

	return simple_read_from_buffer(ubuf, count, ppos, text, fanctl_format(text, sizeof(text)));
}

static const struct file_operations fanctl_fops = {
	.owner	= THIS_MODULE,
	.read	= fanctl_read,
};

MODULE_LICENSE("GPL");
