// SPDX-License-Identifier: GPL-2.0
/*
 * cfgr: a config-space read syscall-alike.  On its error path it fills the
 * user word with all ones for old tools that ignore the status, without
 * checking put_user(): the function returns an errno on that path anyway.
 */
#include <linux/capability.h>
#include <linux/uaccess.h>

static int cfgr_read_hw(unsigned int off, u32 *val);

static long cfgr_read(unsigned int off, int len, void __user *buf)
{
	u32 val;
	int err;

	err = -EPERM;
	if (!capable(CAP_SYS_ADMIN))
		goto error;
	err = -EIO;
	if (cfgr_read_hw(off, &val))
		goto error;
	return put_user(val, (u32 __user *)buf);

error:
	switch (len) {
	case 1:
		put_user(-1, (u8 __user *)buf);
		break;
	case 4:
		put_user(-1, (u32 __user *)buf);
		break;
	}
	return err;
}

/* The same fill on a path that returns success is still reported. */
static long cfgr_peek(void __user *buf)
{
	put_user(-1, (u32 __user *)buf); /* expect: unchecked-copy-user */
	return 0;
}

long cfgr_entry(unsigned int off, int len, void __user *buf)
{
	return off ? cfgr_read(off, len, buf) : cfgr_peek(buf);
}
