/* SPDX-License-Identifier: GPL-2.0 */
#ifndef TRK_H
#define TRK_H
#include <linux/types.h>
extern pid_t trk_tracked_pid;
void trk_sample(void);
#endif
