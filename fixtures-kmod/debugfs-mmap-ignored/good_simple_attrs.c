/*
 * tunables.c - old style module, debugfs knobs only through the typed
 * helpers; no file_operations at all.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#ifdef CONFIG_DEBUG_FS
#include <linux/debugfs.h>
#endif

static u32  tun_threshold = 10;
static bool tun_verbose;
static char tun_banner[] = "tunables v0.3\n";
static struct debugfs_blob_wrapper tun_blob = {
	.data = tun_banner,
	.size = sizeof(tun_banner) - 1,
};
#ifdef CONFIG_DEBUG_FS
static struct dentry *tun_dir;
#endif

static int __init tun_init(void)
{
#ifdef CONFIG_DEBUG_FS
	tun_dir = debugfs_create_dir("tunables", NULL);
	debugfs_create_u32("threshold", 0644, tun_dir, &tun_threshold);
	debugfs_create_bool("verbose", 0644, tun_dir, &tun_verbose);
	debugfs_create_blob("banner", 0444, tun_dir, &tun_blob);
#endif
	printk(KERN_INFO "tunables loaded\n");
	return 0;
}

static void __exit tun_exit(void)
{
#ifdef CONFIG_DEBUG_FS
	debugfs_remove_recursive(tun_dir);
#endif
}

module_init(tun_init);
module_exit(tun_exit);
MODULE_LICENSE("GPL");
