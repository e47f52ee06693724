// SPDX-License-Identifier: GPL-2.0
/*
 * A USB ATM minidriver's heavy_init method: the usbatm core runs it in a
 * kernel thread of its own, where no signal is delivered.
 */
#include <linux/usb.h>
#include <linux/wait.h>
#include "usbatm.h"

struct sthm_softc {
	wait_queue_head_t sync_q;
	bool operational;
};

static int sthm_heavy_init(struct usbatm_data *usbatm, struct usb_interface *intf)
{
	struct sthm_softc *sc = usbatm->driver_data;

	wait_event_interruptible(sc->sync_q, sc->operational);
	return 0;
}

static struct usbatm_driver sthm_usbatm_driver = {
	.driver_name	= "sthm",
	.heavy_init	= sthm_heavy_init,
};
