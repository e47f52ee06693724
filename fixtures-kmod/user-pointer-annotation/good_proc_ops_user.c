// SPDX-License-Identifier: GPL-2.0
/*
 * pmic_proc: /proc/pmic with proc_ops handlers declared as the VFS wants.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/uaccess.h>

static char pmic_state[8] = "on\n";

static ssize_t pmic_proc_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	return simple_read_from_buffer(buf, count, ppos, pmic_state, 3);
}

static ssize_t pmic_proc_write(struct file *file, const char __user *buf, size_t count, loff_t *ppos)
{
	return simple_write_to_buffer(pmic_state, sizeof(pmic_state) - 1, ppos, buf, count);
}

static const struct proc_ops pmic_proc_ops = {
	.proc_read	= pmic_proc_read,
	.proc_write	= pmic_proc_write,
};

static int __init pmic_proc_init(void)
{
	if (!proc_create("pmic", 0644, NULL, &pmic_proc_ops))
		return -ENOMEM;
	return 0;
}

module_init(pmic_proc_init);
MODULE_LICENSE("GPL");
