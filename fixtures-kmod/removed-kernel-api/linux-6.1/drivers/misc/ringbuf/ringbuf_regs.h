/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RINGBUF_REGS_H
#define RINGBUF_REGS_H

#define RINGBUF_CTRL		0x00
#define RINGBUF_HEAD		0x08
#define RINGBUF_TAIL		0x0c

/* Left for the board files to switch on: no header of the tree does. */
/* #define RINGBUF_HAS_SNOOP */

#ifdef CONFIG_RINGBUF_WIDE
#define RINGBUF_WIDE_DESC
#endif

#endif
