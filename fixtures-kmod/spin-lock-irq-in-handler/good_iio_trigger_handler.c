// SPDX-License-Identifier: GPL-2.0
/*
 * ADC with a triggered buffer: the trigger handler returns irqreturn_t but
 * is the poll function's thread half, registered through the IIO helper.
 */
#include <linux/spi/spi.h>
#include <linux/iio/iio.h>
#include <linux/iio/buffer.h>
#include <linux/iio/trigger_consumer.h>
#include <linux/iio/triggered_buffer.h>

struct adc8_state {
	struct spi_device *spi;
	spinlock_t lock;
	u16 last[8];
	u16 scan[8] __aligned(8);
};

static irqreturn_t adc8_trigger_handler(int irq, void *p)
{
	struct iio_poll_func *pf = p;
	struct iio_dev *indio_dev = pf->indio_dev;
	struct adc8_state *st = iio_priv(indio_dev);

	if (!spi_read(st->spi, st->scan, sizeof(st->scan))) {
		spin_lock_irq(&st->lock);
		memcpy(st->last, st->scan, sizeof(st->last));
		spin_unlock_irq(&st->lock);
		iio_push_to_buffers_with_timestamp(indio_dev, st->scan, pf->timestamp);
	}
	iio_trigger_notify_done(indio_dev->trig);
	return IRQ_HANDLED;
}

static const struct iio_info adc8_info = { };

static int adc8_probe(struct spi_device *spi)
{
	struct iio_dev *indio_dev;
	struct adc8_state *st;

	indio_dev = devm_iio_device_alloc(&spi->dev, sizeof(*st));
	if (!indio_dev)
		return -ENOMEM;
	st = iio_priv(indio_dev);
	st->spi = spi;
	spin_lock_init(&st->lock);
	indio_dev->name = "adc8";
	indio_dev->info = &adc8_info;
	indio_dev->modes = INDIO_DIRECT_MODE;
	if (devm_iio_triggered_buffer_setup(&spi->dev, indio_dev, NULL, adc8_trigger_handler, NULL))
		return -ENOMEM;
	return devm_iio_device_register(&spi->dev, indio_dev);
}

static struct spi_driver adc8_driver = {
	.driver	= { .name = "acme-adc8" },
	.probe	= adc8_probe,
};
module_spi_driver(adc8_driver);
MODULE_LICENSE("GPL");
