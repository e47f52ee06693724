/* SPDX-License-Identifier: GPL-2.0 */
/* wl: the low-level accessor, one level below the driver's wrapper. */
#ifndef WL_REGS_H
#define WL_REGS_H

#define __wl_get_word(val, uptr)	get_user(val, uptr)

#endif
