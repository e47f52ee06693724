// SPDX-License-Identifier: GPL-2.0
/*
 * A small bus type registered early; odd spacing around the call.
 */
#include <linux/init.h>
#include <linux/device.h>

static int sbus_match(struct device *dev, const struct device_driver *drv)
{
	return 1;
}

static const struct bus_type sbus_type = {
	.name = "sbus-demo",
	.match = sbus_match,
};

static int __init sbus_core_init(void)
{
	return bus_register(&sbus_type);
}
subsys_initcall( sbus_core_init ( ) ); /* expect: module-init-call */
