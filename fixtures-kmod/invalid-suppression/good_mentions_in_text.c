// SPDX-License-Identifier: GPL-2.0
/*
 * Documentation for users of this driver: kmodlint findings can be silenced
 * per line with a comment naming the rule id, see `kmodlint rules`.
 */
#include <linux/module.h>

static const char usage[] = "kmodlint is a linter; this string is not a suppression";

static int __init doc_init(void)
{
	pr_info("%s\n", usage);
	return 0;
}
module_init(doc_init);
MODULE_LICENSE("GPL");
