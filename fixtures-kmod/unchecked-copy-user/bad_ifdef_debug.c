// SPDX-License-Identifier: GPL-2.0
/*
 * idbg: a DMA engine stub with an optional debug snapshot ioctl that is
 * only compiled in with CONFIG_IDBG_DEBUG.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>

struct idbg_snapshot {
	u32 head;
	u32 tail;
	u32 errors;
};

#define IDBG_IOC_START		_IO('i', 1)
#define IDBG_IOC_SNAPSHOT	_IOR('i', 2, struct idbg_snapshot)

static struct idbg_snapshot idbg_state;

static long idbg_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case IDBG_IOC_START:
		idbg_state.head = idbg_state.tail = 0;
		return 0;
#ifdef CONFIG_IDBG_DEBUG
	case IDBG_IOC_SNAPSHOT:
#if defined(CONFIG_IDBG_DEBUG_VERBOSE)
		pr_info("idbg: snapshot head=%u tail=%u\n",
			idbg_state.head, idbg_state.tail);
#endif
		copy_to_user((void __user *)arg, &idbg_state, /* expect: unchecked-copy-user */
			     sizeof(idbg_state));
		return 0;
#endif /* CONFIG_IDBG_DEBUG */
	default:
		return -ENOTTY;
	}
}

const struct file_operations idbg_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= idbg_ioctl,
	.llseek		= noop_llseek,
};
