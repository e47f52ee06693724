// SPDX-License-Identifier: GPL-2.0
/*
 * Porting notes: create_proc_entry() became proc_create(), struct siginfo
 * became struct kernel_siginfo, NETLINK_CB(skb).pid became .portid and
 * ioremap_nocache() is plain ioremap() now.
 */
#include <linux/kernel.h>

static const char * const gcm_notes[] = {
	"replace ioremap_nocache() by ioremap()",
	"NETLINK_CB(skb).pid is NETLINK_CB(skb).portid",
	"access_ok(VERIFY_WRITE, p, n) is access_ok(p, n)",
};

const char *gcm_note(unsigned int i)
{
	return i < ARRAY_SIZE(gcm_notes) ? gcm_notes[i] : "";
}
