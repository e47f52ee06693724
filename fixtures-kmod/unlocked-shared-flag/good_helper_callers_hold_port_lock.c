// SPDX-License-Identifier: GPL-2.0
/*
 * Serial port flags.  The transmit interrupt clears TX_ACTIVE under the
 * port lock; maybe_update_regs() sets and clears REGS_HELD with no lock of
 * its own, but each of its callers holds the port lock, reached as
 * `&up->port` in one and as `port` in the other: the same lock.  Not
 * reported.
 */
#include <linux/module.h>
#include <linux/serial_core.h>
#include <linux/interrupt.h>
#include <linux/io.h>

#define ZSX_FLAG_TX_ACTIVE	0x01
#define ZSX_FLAG_REGS_HELD	0x02

struct zsx_port {
	struct uart_port port;
	unsigned int flags;
	u8 regs[16];
};

static void zsx_maybe_update_regs(struct zsx_port *up)
{
	if (up->flags & ZSX_FLAG_TX_ACTIVE) {
		up->flags |= ZSX_FLAG_REGS_HELD;
		return;
	}
	writeb(up->regs[1], up->port.membase);
	up->flags &= ~ZSX_FLAG_REGS_HELD;
}

static irqreturn_t zsx_interrupt(int irq, void *dev_id)
{
	struct zsx_port *up = dev_id;

	uart_port_lock(&up->port);
	if (readb(up->port.membase + 1) & 4)
		up->flags &= ~ZSX_FLAG_TX_ACTIVE;
	uart_port_unlock(&up->port);
	return IRQ_HANDLED;
}

static void zsx_break_ctl(struct uart_port *port, int break_state)
{
	struct zsx_port *up = container_of(port, struct zsx_port, port);
	unsigned long flags;

	uart_port_lock_irqsave(port, &flags);
	up->regs[5] = break_state ? 0x10 : 0;
	zsx_maybe_update_regs(up);
	uart_port_unlock_irqrestore(port, flags);
}

static void zsx_set_termios(struct uart_port *port, struct ktermios *termios, const struct ktermios *old)
{
	struct zsx_port *up = container_of(port, struct zsx_port, port);
	unsigned long flags;

	uart_port_lock_irqsave(&up->port, &flags);
	up->regs[1] = termios->c_cflag & 0xff;
	zsx_maybe_update_regs(up);
	uart_port_unlock_irqrestore(&up->port, flags);
}

static int zsx_startup(struct uart_port *port)
{
	return request_irq(port->irq, zsx_interrupt, IRQF_SHARED, "zsx", port);
}

static const struct uart_ops zsx_ops = {
	.break_ctl = zsx_break_ctl,
	.set_termios = zsx_set_termios,
	.startup = zsx_startup,
};

MODULE_LICENSE("GPL");
