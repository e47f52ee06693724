/*
 * xferdrv.c  --  ISA DMA transfer board, old out-of-tree style.
 * The ioctl clears the flag before it starts the transfer and then polls
 * it ("volatile" makes the compiler re-read it; READ_ONCE() would say so
 * better): the flag goes one way per transfer, nothing is lost, nothing is
 * reported.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <asm/io.h>

#define XFER_MAJOR   240
#define XFER_IOBASE  0x300
#define XFER_GO      0x1234

static int xfer_irq = 7;
static volatile int xfer_done;

static irqreturn_t xfer_interrupt(int irq, void *dev_id)
{
	inb(XFER_IOBASE + 1);              /* ack the board */
	xfer_done = 1;
	return IRQ_HANDLED;
}

static long xfer_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	unsigned long timeout;
	if (cmd != XFER_GO)
		return -EINVAL;
	xfer_done = 0;
	outb(1, XFER_IOBASE);
	timeout = jiffies + HZ;
	while (!xfer_done) {
		if (time_after(jiffies, timeout))
			return -ETIMEDOUT;
		cpu_relax();
	}
	return 0;
}

static struct file_operations xfer_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = xfer_ioctl,
};

static int __init xfer_init(void)
{
	int r;
	r = register_chrdev(XFER_MAJOR, "xfer", &xfer_fops);
	if (r < 0)
		return r;
	r = request_irq(xfer_irq, xfer_interrupt, IRQF_SHARED, "xfer", &xfer_fops);
	if (r) {
		unregister_chrdev(XFER_MAJOR, "xfer");
		return r;
	}
	return 0;
}

static void __exit xfer_exit(void)
{
	free_irq(xfer_irq, &xfer_fops);
	unregister_chrdev(XFER_MAJOR, "xfer");
}

module_init(xfer_init);
module_exit(xfer_exit);
MODULE_LICENSE("GPL");
