/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IPU_H
#define _IPU_H

#include <linux/fs.h>

extern const struct file_operations ipu_trace_fops;
extern const struct file_operations ipu_shm_fops;

#endif
