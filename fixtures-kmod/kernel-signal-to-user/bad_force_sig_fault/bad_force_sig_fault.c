// SPDX-License-Identifier: GPL-2.0
/*
 * Frame buffer aperture with a custom fault handler.  The SIGBUS it
 * forces on a fault past the end is the faulting task's own (silent);
 * but an unknown ioctl kills the caller, which is no fault at all.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>

#define APER_SIZE	(16 * PAGE_SIZE)

static unsigned long aper_pfn_base;

static vm_fault_t aper_fault(struct vm_fault *vmf)
{
	if (vmf->pgoff >= APER_SIZE >> PAGE_SHIFT) {
		force_sig_fault(SIGBUS, BUS_ADRERR, (void __user *)vmf->address);
		return VM_FAULT_NOPAGE;
	}
	return vmf_insert_pfn(vmf->vma, vmf->address, aper_pfn_base + vmf->pgoff);
}

static const struct vm_operations_struct aper_vm_ops = {
	.fault = aper_fault,
};

static int aper_mmap(struct file *file, struct vm_area_struct *vma)
{
	vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP);
	vma->vm_ops = &aper_vm_ops;
	return 0;
}

static long aper_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	if (cmd != 0) {
		force_sig(SIGKILL); /* expect: kernel-signal-to-user */
		return -ENOTTY;
	}
	return 0;
}

static const struct file_operations aper_fops = {
	.owner		= THIS_MODULE,
	.mmap		= aper_mmap,
	.unlocked_ioctl	= aper_ioctl,
};

static struct miscdevice aper_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name  = "aper",
	.fops  = &aper_fops,
};

static int __init aper_init(void)
{
	aper_pfn_base = 0xd0000;
	return misc_register(&aper_misc);
}

static void __exit aper_exit(void)
{
	misc_deregister(&aper_misc);
}

module_init(aper_init);
module_exit(aper_exit);
MODULE_LICENSE("GPL");
