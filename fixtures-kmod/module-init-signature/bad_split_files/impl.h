/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SPV_IMPL_H
#define SPV_IMPL_H
void spv_start(void);
void spv_stop(void);
#endif
