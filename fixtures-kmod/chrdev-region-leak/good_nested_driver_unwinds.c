// SPDX-License-Identifier: GPL-2.0
/*
 * Firmware service behind a TEE: the tee bus calls the probe and remove of
 * the embedded struct device_driver. Probe unwinds every step it took and
 * remove undoes them all. The board hook below is also called "probe" but
 * sits in a board description, not a driver: whoever calls it is out of
 * sight and may clean up after it.
 */
#include <linux/module.h>
#include <linux/tee_drv.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>

struct fwsvc {
	struct cdev cdev;
	dev_t devt;
	struct tee_context *ctx;
};

static struct fwsvc *fwsvc_priv;

static const struct file_operations fwsvc_fops = {
	.owner = THIS_MODULE,
};

static int fwsvc_match(struct tee_ioctl_version_data *ver, const void *data)
{
	return ver->impl_id == TEE_IMPL_ID_OPTEE;
}

static int fwsvc_probe(struct device *dev)
{
	struct fwsvc *svc;
	int ret;

	svc = devm_kzalloc(dev, sizeof(*svc), GFP_KERNEL);
	if (!svc)
		return -ENOMEM;

	ret = alloc_chrdev_region(&svc->devt, 0, 1, "fwsvc");
	if (ret)
		return ret;

	cdev_init(&svc->cdev, &fwsvc_fops);
	ret = cdev_add(&svc->cdev, svc->devt, 1);
	if (ret)
		goto err_region;

	svc->ctx = tee_client_open_context(NULL, fwsvc_match, NULL, NULL);
	if (IS_ERR(svc->ctx)) {
		ret = PTR_ERR(svc->ctx);
		goto err_cdev;
	}
	fwsvc_priv = svc;
	return 0;

err_cdev:
	cdev_del(&svc->cdev);
err_region:
	unregister_chrdev_region(svc->devt, 1);
	return ret;
}

static int fwsvc_remove(struct device *dev)
{
	tee_client_close_context(fwsvc_priv->ctx);
	cdev_del(&fwsvc_priv->cdev);
	unregister_chrdev_region(fwsvc_priv->devt, 1);
	return 0;
}

static const struct tee_client_device_id fwsvc_id_table[] = {
	{ UUID_INIT(0x7011a688, 0xddde, 0x4053, 0xa5, 0xa9, 0x7b, 0x3c, 0x4d, 0xdf, 0x13, 0xb8) },
	{ }
};
MODULE_DEVICE_TABLE(tee, fwsvc_id_table);

static struct tee_client_driver fwsvc_driver = {
	.id_table = fwsvc_id_table,
	.driver = {
		.name = "fwsvc",
		.bus = &tee_bus_type,
		.probe = fwsvc_probe,
		.remove = fwsvc_remove,
	},
};
module_tee_client_driver(fwsvc_driver);

/* A board hook, not a driver: its caller decides what to undo. */
struct fwsvc_board_info {
	const char *name;
	struct {
		int (*probe)(void);
	} hw;
};

static dev_t fwsvc_board_devt;

static int fwsvc_board_probe(void)
{
	int ret;

	ret = register_chrdev_region(MKDEV(240, 0), 1, "fwsvc-board");
	if (ret)
		return ret;
	fwsvc_board_devt = MKDEV(240, 0);
	if (!fwsvc_priv)
		return -ENODEV;
	return 0;
}

static const struct fwsvc_board_info fwsvc_board = {
	.name = "fwsvc-board",
	.hw = { .probe = fwsvc_board_probe },
};
MODULE_LICENSE("GPL");
