// SPDX-License-Identifier: GPL-2.0
/*
 * Suppressions written the way other linters spell them: each one hides
 * nothing here, so each is reported with kmodlint's own syntax.
 */
#include <linux/fs.h>
#include <linux/uaccess.h>

struct tuner_req {
	u32 band;
	u32 gain;
};

static struct tuner_req tuner_last;

static long tuner_set(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct tuner_req req;

	copy_from_user(&req, (void __user *)arg, sizeof(req)); /* kmodlint: ignore */ /* expect: unchecked-copy-user, invalid-suppression */
	tuner_last = req;
	return 0;
}

static long tuner_gain(struct file *file, unsigned int cmd, unsigned long arg)
{
	u32 gain;

	get_user(gain, (u32 __user *)arg); // kmodlint: ignore(unchecked-copy-user) /* expect: unchecked-copy-user, invalid-suppression */
	tuner_last.gain = gain;
	return 0;
}

static long tuner_band(struct file *file, unsigned int cmd, unsigned long arg)
{
	u32 band;

	/* KMODLINT: IGNORE[unchecked-copy-user] the band is advisory */ /* expect: invalid-suppression */
	get_user(band, (u32 __user *)arg); /* expect: unchecked-copy-user */
	tuner_last.band = band;
	return 0;
}
