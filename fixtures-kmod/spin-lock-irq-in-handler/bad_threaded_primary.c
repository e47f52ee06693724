// SPDX-License-Identifier: GPL-2.0
/*
 * Touch controller on a shared line.  The primary handler latches the
 * status; the thread reads the coordinates over SPI.  Both take the
 * event lock with spin_lock_irq(): right in the thread, wrong in the
 * primary handler.
 */
#include <linux/spi/spi.h>
#include <linux/interrupt.h>
#include <linux/input.h>
#include <linux/io.h>

struct tsc_priv {
	struct spi_device *spi;
	struct input_dev *input;
	spinlock_t ev_lock;
	u32 pending;
	void __iomem *gpio_status;
};

static irqreturn_t tsc_hardirq(int irq, void *data)
{
	struct tsc_priv *ts = data;
	u32 st = readl(ts->gpio_status);

	if (!st)
		return IRQ_NONE;
	spin_lock_irq(&ts->ev_lock); /* expect: spin-lock-irq-in-handler */
	ts->pending |= st;
	spin_unlock_irq(&ts->ev_lock);
	return IRQ_WAKE_THREAD;
}

static irqreturn_t tsc_thread(int irq, void *data)
{
	struct tsc_priv *ts = data;
	u8 xy[4];
	u32 st;

	spin_lock_irq(&ts->ev_lock);
	st = ts->pending;
	ts->pending = 0;
	spin_unlock_irq(&ts->ev_lock);

	if (!st || spi_read(ts->spi, xy, sizeof(xy)))
		return IRQ_HANDLED;
	input_report_abs(ts->input, ABS_X, (xy[0] << 8) | xy[1]);
	input_report_abs(ts->input, ABS_Y, (xy[2] << 8) | xy[3]);
	input_sync(ts->input);
	return IRQ_HANDLED;
}

int tsc_setup_irq(struct tsc_priv *ts)
{
	spin_lock_init(&ts->ev_lock);
	return request_threaded_irq(ts->spi->irq, tsc_hardirq, tsc_thread,
				    IRQF_SHARED | IRQF_ONESHOT, "tsc", ts);
}

void tsc_teardown_irq(struct tsc_priv *ts)
{
	free_irq(ts->spi->irq, ts);
}
