/* SPDX-License-Identifier: GPL-2.0 */
ssize_t wdt_write(struct file *file, const char __user *data, size_t len, loff_t *ppos);
ssize_t wdt_read(struct file *file, char __user *data, size_t len, loff_t *ppos);
