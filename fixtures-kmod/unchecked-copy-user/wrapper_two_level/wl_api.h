/* SPDX-License-Identifier: GPL-2.0 */
/* wl: the wrapper the driver calls. */
#ifndef WL_API_H
#define WL_API_H

#include "wl_regs.h"

#define wl_get_word(val, uptr)	__wl_get_word(val, uptr)

#endif
