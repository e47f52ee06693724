// SPDX-License-Identifier: GPL-2.0
/*
 * LED trigger "activity of a process": echo a pid into the sysfs file.
 * The number written is parsed and looked up in the init namespace.
 */
#include <linux/leds.h>
#include <linux/device.h>
#include <linux/pid_namespace.h>
#include <linux/slab.h>

struct proc_trig {
	struct pid *target;
};

static ssize_t target_store(struct device *dev, struct device_attribute *attr,
			    const char *buf, size_t count)
{
	struct proc_trig *pt = led_trigger_get_drvdata(dev);
	struct pid *pid;
	int nr, ret;

	ret = kstrtoint(buf, 10, &nr);
	if (ret)
		return ret;
	pid = get_pid(find_pid_ns(nr, &init_pid_ns)); /* expect: pid-from-user-in-init-ns */
	if (!pid)
		return -ESRCH;
	put_pid(pt->target);
	pt->target = pid;
	return count;
}
static DEVICE_ATTR_WO(target);

static struct attribute *proc_trig_attrs[] = {
	&dev_attr_target.attr,
	NULL
};
ATTRIBUTE_GROUPS(proc_trig);
