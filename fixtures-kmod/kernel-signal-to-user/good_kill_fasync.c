// SPDX-License-Identifier: GPL-2.0
/*
 * Data-ready notification the sanctioned way: the application asks for
 * SIGIO with fcntl(F_SETOWN/F_SETFL O_ASYNC) and the driver calls
 * kill_fasync(), which only signals processes that asked for it.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <linux/poll.h>

static struct fasync_struct *rdy_async;
static DECLARE_WAIT_QUEUE_HEAD(rdy_wait);
static atomic_t rdy_pending = ATOMIC_INIT(0);

static irqreturn_t rdy_irq(int irq, void *data)
{
	atomic_set(&rdy_pending, 1);
	wake_up_interruptible(&rdy_wait);
	kill_fasync(&rdy_async, SIGIO, POLL_IN);
	return IRQ_HANDLED;
}

static int rdy_fasync(int fd, struct file *file, int on)
{
	return fasync_helper(fd, file, on, &rdy_async);
}

static __poll_t rdy_poll(struct file *file, poll_table *wait)
{
	poll_wait(file, &rdy_wait, wait);
	return atomic_read(&rdy_pending) ? EPOLLIN | EPOLLRDNORM : 0;
}

static int rdy_release(struct inode *inode, struct file *file)
{
	return rdy_fasync(-1, file, 0);
}

static const struct file_operations rdy_fops = {
	.owner		= THIS_MODULE,
	.poll		= rdy_poll,
	.fasync		= rdy_fasync,
	.release	= rdy_release,
};

static struct miscdevice rdy_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name  = "rdy",
	.fops  = &rdy_fops,
};

static int rdy_probe(struct platform_device *pdev)
{
	int irq = platform_get_irq(pdev, 0);
	int ret;

	if (irq < 0)
		return irq;
	ret = devm_request_irq(&pdev->dev, irq, rdy_irq, 0, "rdy", NULL);
	if (ret)
		return ret;
	return misc_register(&rdy_misc);
}

static void rdy_remove(struct platform_device *pdev)
{
	misc_deregister(&rdy_misc);
}

static struct platform_driver rdy_driver = {
	.probe	= rdy_probe,
	.remove	= rdy_remove,
	.driver	= { .name = "rdy" },
};
module_platform_driver(rdy_driver);
MODULE_LICENSE("GPL");
