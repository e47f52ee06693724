// SPDX-License-Identifier: GPL-2.0
/*
 * Modem control: the transport has an ops table whose "send_sig" member
 * sends a control line signal (DTR/RTS style) to the modem, not a POSIX
 * signal to a process.
 */
#include <linux/module.h>
#include <linux/slab.h>

#define MDM_SIG_DTR	0x01
#define MDM_SIG_RTS	0x02

struct mdm_port;

struct mdm_transport_ops {
	int (*send_sig)(struct mdm_port *port, unsigned int lines);
	int (*kill_pid)(struct mdm_port *port, u32 pipe_id);
};

struct mdm_port {
	const struct mdm_transport_ops *ops;
	unsigned int lines;
	int (*send_sig)(struct mdm_port *port, unsigned int lines);
};

static int mdm_usb_send_sig(struct mdm_port *port, unsigned int lines)
{
	port->lines = lines;
	return 0;
}

static int mdm_usb_close_pipe(struct mdm_port *port, u32 pipe_id)
{
	return pipe_id < 8 ? 0 : -EINVAL;
}

static const struct mdm_transport_ops mdm_usb_ops = {
	.send_sig = mdm_usb_send_sig,
	.kill_pid = mdm_usb_close_pipe,
};

int mdm_port_raise(struct mdm_port *port)
{
	int ret = port->ops->send_sig(port, MDM_SIG_DTR | MDM_SIG_RTS);

	if (ret)
		return ret;
	if (port->send_sig)
		ret = port->send_sig(port, MDM_SIG_DTR);
	return ret ? ret : port->ops->kill_pid(port, 0);
}
EXPORT_SYMBOL_GPL(mdm_port_raise);

struct mdm_port *mdm_port_alloc(void)
{
	struct mdm_port *port = kzalloc(sizeof(*port), GFP_KERNEL);

	if (port)
		port->ops = &mdm_usb_ops;
	return port;
}
EXPORT_SYMBOL_GPL(mdm_port_alloc);

MODULE_LICENSE("GPL");
