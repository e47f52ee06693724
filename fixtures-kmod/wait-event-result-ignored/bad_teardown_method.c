// SPDX-License-Identifier: GPL-2.0
/*
 * A UDC's .udc_stop: the gadget core goes on with the teardown whatever it
 * returns, so on a signal the clocks go off under enabled endpoints, and
 * returning the error would not help. Its .pullup is no teardown: there
 * the error can be passed on.
 */
#include <linux/usb/gadget.h>
#include <linux/wait.h>

struct tdm_udc {
	struct usb_gadget gadget;
	wait_queue_head_t ep_disable_wq;
	atomic_t enabled_eps;
	bool connected;
};

void tdm_clk_set(struct tdm_udc *udc, bool on);

static int tdm_udc_stop(struct usb_gadget *gadget)
{
	struct tdm_udc *udc = container_of(gadget, struct tdm_udc, gadget);

	if (atomic_read(&udc->enabled_eps))
		wait_event_interruptible(udc->ep_disable_wq, atomic_read(&udc->enabled_eps) == 0); /* expect: wait-event-result-ignored */
	tdm_clk_set(udc, false);
	return 0;
}

static int tdm_pullup(struct usb_gadget *gadget, int is_on)
{
	struct tdm_udc *udc = container_of(gadget, struct tdm_udc, gadget);

	if (!is_on)
		wait_event_interruptible(udc->ep_disable_wq, atomic_read(&udc->enabled_eps) == 0); /* expect: wait-event-result-ignored */
	udc->connected = is_on;
	return 0;
}

static const struct usb_gadget_ops tdm_gadget_ops = {
	.pullup = tdm_pullup,
	.udc_stop = tdm_udc_stop,
};
