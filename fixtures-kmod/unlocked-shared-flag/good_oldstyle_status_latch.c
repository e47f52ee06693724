/*
 * serbrd.c - 8-port serial board, out-of-tree, written for 2.6.
 * The ISR latches the line status (a whole new value each time, then
 * masks a bit of it); read() hands it out and clears it.  The ISR
 * reports a status rather than gathering events, and the next one
 * overwrites it anyway: not reported (kmodlint reports a reset only of
 * what the handler adds to, or in its own non-oneshot thread_fn).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/uaccess.h>
#ifdef CONFIG_PCI
#include <linux/pci.h>
#endif
#include <asm/io.h>

#define SERBRD_MAJOR 241
static unsigned long serbrd_io = 0x2f8;
static int serbrd_irq = 3;
static unsigned char serbrd_status;

static irqreturn_t serbrd_isr(int irq,void *dev_id)
{
	serbrd_status = inb(serbrd_io + 5);
	if (serbrd_status & 0x80) {
		outb(0x80, serbrd_io + 5);
		serbrd_status &= 0x7f;
	}
	return IRQ_HANDLED;
}

static ssize_t serbrd_read(struct file *f,char __user *buf,size_t count,loff_t *ppos)
{
	if (count < 1) return 0;
	if (put_user(serbrd_status, buf))
		return -EFAULT;
	serbrd_status = 0;
	return 1;
}

static struct file_operations serbrd_fops = {
	.owner= THIS_MODULE,
	.read = serbrd_read,
};

#ifdef CONFIG_PCI
static struct pci_device_id serbrd_ids[] = {
	{ PCI_DEVICE(0x135e, 0x7101) },
	{ 0, }
};
MODULE_DEVICE_TABLE(pci, serbrd_ids);
#endif

static int __init serbrd_init(void)
{
	int ret;
	ret = register_chrdev(SERBRD_MAJOR,"serbrd",&serbrd_fops);
	if (ret<0) return ret;
	ret = request_irq(serbrd_irq, serbrd_isr, IRQF_SHARED, "serbrd", &serbrd_fops);
	if (ret) {
		unregister_chrdev(SERBRD_MAJOR,"serbrd");
		return ret;
	}
	return 0;
}

static void __exit serbrd_exit(void)
{
	free_irq(serbrd_irq, &serbrd_fops);
	unregister_chrdev(SERBRD_MAJOR,"serbrd");
}
module_init(serbrd_init);
module_exit(serbrd_exit);
MODULE_LICENSE("GPL");
