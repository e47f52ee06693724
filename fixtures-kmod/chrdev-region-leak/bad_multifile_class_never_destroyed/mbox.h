/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MBOX_H
#define MBOX_H

int mbox_chr_init(void);
void mbox_chr_exit(void);

#endif
