/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _EVD_H
#define _EVD_H

#include <linux/types.h>

#define NETLINK_EVD		19
#define EVD_MSG_HEARTBEAT	0x51

struct sock;

extern struct sock *evd_sock;
extern u32 evd_daemon_portid;

int evd_events_start(void);
void evd_events_stop(void);

#endif
