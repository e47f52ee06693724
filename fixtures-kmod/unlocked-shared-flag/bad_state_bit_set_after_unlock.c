// SPDX-License-Identifier: GPL-2.0
/*
 * Camera capture port.  The frame interrupt changes bits of the port's
 * state word under the port lock, and stop_streaming waits for one of
 * them.  buf_queue starts capture under the lock, drops it, and then sets
 * SENSOR_ON in the same word: frames already arrive, so a bit the
 * handler changes between the load and the store is lost (or SENSOR_ON is).
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/platform_device.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <media/videobuf2-v4l2.h>

#define CAP_STREAMING	BIT(0)
#define CAP_SENSOR_ON	BIT(1)
#define CAP_ABORTING	BIT(2)
#define CAP_FRAME_DONE	BIT(3)

struct cap_port {
	void __iomem *regs;
	spinlock_t slock;
	wait_queue_head_t irq_queue;
	unsigned int state;
	struct vb2_queue queue;
};

static int cap_sensor_stream(struct cap_port *port, int on);

static irqreturn_t cap_frame_irq(int irq, void *dev_id)
{
	struct cap_port *port = dev_id;

	spin_lock(&port->slock);
	if (port->state & CAP_ABORTING) {
		port->state &= ~CAP_ABORTING; /* expect: unlocked-shared-flag */
		wake_up(&port->irq_queue);
	} else {
		port->state |= CAP_FRAME_DONE;
	}
	spin_unlock(&port->slock);
	return IRQ_HANDLED;
}

static void cap_buf_queue(struct vb2_buffer *vb)
{
	struct cap_port *port = vb2_get_drv_priv(vb->vb2_queue);
	unsigned long flags;

	spin_lock_irqsave(&port->slock, flags);
	if (vb2_is_streaming(&port->queue) && !(port->state & CAP_STREAMING)) {
		port->state |= CAP_STREAMING;
		writel(1, port->regs);
		spin_unlock_irqrestore(&port->slock, flags);

		if (!(port->state & CAP_SENSOR_ON) && cap_sensor_stream(port, 1) == 0)
			port->state |= CAP_SENSOR_ON;
		return;
	}
	spin_unlock_irqrestore(&port->slock, flags);
}

static void cap_stop_streaming(struct vb2_queue *vq)
{
	struct cap_port *port = vb2_get_drv_priv(vq);
	unsigned long flags;

	spin_lock_irqsave(&port->slock, flags);
	port->state |= CAP_ABORTING;
	spin_unlock_irqrestore(&port->slock, flags);
	wait_event_timeout(port->irq_queue, !(port->state & CAP_ABORTING), HZ / 10);
}

static const struct vb2_ops cap_qops = {
	.buf_queue	= cap_buf_queue,
	.stop_streaming	= cap_stop_streaming,
};

static int cap_probe(struct platform_device *pdev)
{
	struct cap_port *port = devm_kzalloc(&pdev->dev, sizeof(*port), GFP_KERNEL);

	if (!port)
		return -ENOMEM;
	spin_lock_init(&port->slock);
	init_waitqueue_head(&port->irq_queue);
	port->queue.ops = &cap_qops;
	return devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), cap_frame_irq, 0, "cap", port);
}

static struct platform_driver cap_driver = {
	.probe	= cap_probe,
	.driver	= { .name = "cap" },
};
module_platform_driver(cap_driver);
MODULE_LICENSE("GPL");
