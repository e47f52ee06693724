// SPDX-License-Identifier: GPL-2.0
/*
 * Serial receive loop.  The interrupt handler holds the port lock while it
 * drains the FIFO; the receive helper drops it around the SysRq hook and
 * takes it again, so the break flag it clears on the next character is
 * still under the port lock.  The break timer clears it without the lock:
 * the message names the lock to take there.
 */
#include <linux/module.h>
#include <linux/serial_core.h>
#include <linux/interrupt.h>
#include <linux/io.h>

#define RXL_FLAG_BREAK	0x04

struct rxl_port {
	struct uart_port port;
	unsigned int flags;
	struct timer_list break_timer;
};

static void rxl_receive_chars(struct rxl_port *up)
{
	unsigned int ch;

	while (readb(up->port.membase + 5) & 1) {
		ch = readb(up->port.membase);
		if (ch == 0 && up->flags & RXL_FLAG_BREAK)
			up->flags &= ~RXL_FLAG_BREAK; /* expect: unlocked-shared-flag */
		if (up->port.sysrq) {
			int swallow;

			uart_port_unlock(&up->port);
			swallow = uart_handle_sysrq_char(&up->port, ch);
			uart_port_lock(&up->port);
			if (swallow)
				continue;
		}
		uart_insert_char(&up->port, 0, 0, ch, TTY_NORMAL);
	}
}

static irqreturn_t rxl_interrupt(int irq, void *dev_id)
{
	struct rxl_port *up = dev_id;

	uart_port_lock(&up->port);
	rxl_receive_chars(up);
	uart_port_unlock(&up->port);
	return IRQ_HANDLED;
}

static void rxl_break_timeout(struct timer_list *t)
{
	struct rxl_port *up = from_timer(up, t, break_timer);

	up->flags &= ~RXL_FLAG_BREAK;
	writeb(0, up->port.membase + 3);
}

static int rxl_startup(struct uart_port *port)
{
	struct rxl_port *up = container_of(port, struct rxl_port, port);

	timer_setup(&up->break_timer, rxl_break_timeout, 0);
	return request_irq(port->irq, rxl_interrupt, IRQF_SHARED, "rxl", port);
}

static const struct uart_ops rxl_ops = {
	.startup = rxl_startup,
};

MODULE_LICENSE("GPL");
