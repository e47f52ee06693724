// SPDX-License-Identifier: GPL-2.0
/* I2C sensor: the primary handler only returns IRQ_WAKE_THREAD; the state
 * is written by the thread function, which is process context. */
#include <linux/i2c.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/uaccess.h>
#define PRSS_IOC_GET	_IOR('s', 1, s32)

struct prss_data {
	struct i2c_client *client;
	struct mutex lock;
	s32 pressure;
	struct miscdevice misc;
};

static irqreturn_t prss_hard(int irq, void *dev_id) { return IRQ_WAKE_THREAD; }

static irqreturn_t prss_thread(int irq, void *dev_id)
{
	struct prss_data *pd = dev_id;
	s32 v = i2c_smbus_read_word_data(pd->client, 0x02);

	if (v < 0)
		return IRQ_NONE;
	mutex_lock(&pd->lock);
	pd->pressure = v;
	mutex_unlock(&pd->lock);
	return IRQ_HANDLED;
}

static long prss_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct prss_data *pd = container_of(f->private_data, struct prss_data, misc);
	s32 v;

	if (cmd != PRSS_IOC_GET)
		return -ENOTTY;
	mutex_lock(&pd->lock);
	v = pd->pressure;
	mutex_unlock(&pd->lock);
	return put_user(v, (s32 __user *)arg);
}

static const struct file_operations prss_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= prss_ioctl,
};

static int prss_probe(struct i2c_client *client)
{
	struct prss_data *pd;
	int ret;

	pd = devm_kzalloc(&client->dev, sizeof(*pd), GFP_KERNEL);
	if (!pd)
		return -ENOMEM;
	pd->client = client;
	mutex_init(&pd->lock);
	ret = devm_request_threaded_irq(&client->dev, client->irq, prss_hard,
					prss_thread, IRQF_ONESHOT, "prss", pd);
	if (ret)
		return ret;
	pd->misc.minor = MISC_DYNAMIC_MINOR;
	pd->misc.name = "prss";
	pd->misc.fops = &prss_fops;
	i2c_set_clientdata(client, pd);
	return misc_register(&pd->misc);
}

static void prss_remove(struct i2c_client *client)
{
	struct prss_data *pd = i2c_get_clientdata(client);
	misc_deregister(&pd->misc);
}

static const struct i2c_device_id prss_id[] = { { "prss" }, { } };
MODULE_DEVICE_TABLE(i2c, prss_id);

static struct i2c_driver prss_driver = {
	.driver		= { .name = "prss" },
	.probe		= prss_probe,
	.remove		= prss_remove,
	.id_table	= prss_id,
};
module_i2c_driver(prss_driver);
MODULE_LICENSE("GPL");
