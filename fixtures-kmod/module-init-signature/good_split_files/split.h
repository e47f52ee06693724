/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SPLIT_H
#define SPLIT_H
int split_init(void);
void split_exit(void);
#endif
