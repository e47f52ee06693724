/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RNG_H
#define RNG_H

int rng_chr_open(struct inode *inode, struct file *file);
ssize_t rng_chr_read(struct file *file, char *buf, size_t count, loff_t *ppos);
ssize_t rng_chr_write(struct file *file, const char __user *buf, size_t count, loff_t *ppos);

#endif
