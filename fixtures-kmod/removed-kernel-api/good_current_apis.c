// SPDX-License-Identifier: GPL-2.0
/*
 * The replacements: dma_* with the struct device, two-argument access_ok,
 * READ_ONCE, strscpy, pde_data, one-argument class_create.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/dma-mapping.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/device/class.h>

struct gca_state {
	int gen;
	char label[16];
	void *cpu;
	dma_addr_t dma;
};

static struct class *gca_class;

int gca_dma_setup(struct pci_dev *pdev, struct gca_state *st)
{
	int ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32));

	if (ret)
		return ret;
	st->cpu = dma_alloc_coherent(&pdev->dev, PAGE_SIZE, &st->dma, GFP_KERNEL);
	return st->cpu ? 0 : -ENOMEM;
}

bool gca_user_ok(const void __user *p, size_t len)
{
	return access_ok(p, len);
}

static int gca_show(struct seq_file *m, void *v)
{
	struct gca_state *st = m->private;

	seq_printf(m, "%s %d\n", st->label, READ_ONCE(st->gen));
	return 0;
}

static int gca_open(struct inode *inode, struct file *file)
{
	return single_open(file, gca_show, pde_data(inode));
}

const struct proc_ops gca_ops = {
	.proc_open = gca_open,
	.proc_read = seq_read,
	.proc_release = single_release,
};

void gca_set_label(struct gca_state *st, const char *name)
{
	strscpy(st->label, name, sizeof(st->label));
}

static int __init gca_init(void)
{
	gca_class = class_create("gca");
	return PTR_ERR_OR_ZERO(gca_class);
}

static void __exit gca_exit(void)
{
	class_destroy(gca_class);
}

module_init(gca_init);
module_exit(gca_exit);
MODULE_LICENSE("GPL");
