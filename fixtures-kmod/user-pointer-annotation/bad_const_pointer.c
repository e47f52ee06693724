// SPDX-License-Identifier: GPL-2.0
/*
 * eeprom_chr: raw EEPROM access. The handler keeps its buffer pointer
 * const, with the annotation written after the const.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/i2c.h>

#define EEPROM_SIZE	256

static u8 eeprom_shadow[EEPROM_SIZE];

static ssize_t eeprom_read(struct file *file, char *const __user buf, /* expect: user-pointer-annotation */
			   size_t count, loff_t *ppos)
{
	return simple_read_from_buffer(buf, count, ppos, eeprom_shadow, EEPROM_SIZE);
}

static ssize_t eeprom_write(struct file *file, const char __user *const buf,
			    size_t count, loff_t *ppos)
{
	return simple_write_to_buffer(eeprom_shadow, EEPROM_SIZE, ppos, buf, count);
}

static const struct file_operations eeprom_fops = {
	.owner	= THIS_MODULE,
	.read	= eeprom_read,
	.write	= eeprom_write,
	.llseek	= default_llseek,
};

MODULE_LICENSE("GPL");
