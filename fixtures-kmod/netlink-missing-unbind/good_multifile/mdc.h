/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MDC_H
#define _MDC_H

#include <linux/types.h>

#define NETLINK_MDC	11

struct net;
struct sock;

extern struct sock *mdc_sock;
extern u32 mdc_listener;

void mdc_listener_gone(struct net *net, int group);
void mdc_start_reports(void);
void mdc_stop_reports(void);

#endif
